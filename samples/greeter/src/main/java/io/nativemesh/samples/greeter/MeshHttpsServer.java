/*
 * Copyright 2026 The NativeMesh Authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */
package io.nativemesh.samples.greeter;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsServer;
import io.nativemesh.MeshService;
import io.nativemesh.core.intention.HttpRequestAttributes;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The JDK's built-in HTTPS server serving with a mesh {@link javax.net.ssl.SSLContext}: the mTLS
 * handshake authorizes every caller against intentions; the handler sees the caller's SPIFFE ID.
 */
final class MeshHttpsServer implements AutoCloseable {
  private final HttpsServer server;
  private final ExecutorService pool;

  /** Handles one request from an authenticated mesh peer; returns the body. */
  interface Handler {
    String handle(String peer, HttpExchange exchange) throws IOException;
  }

  MeshHttpsServer(MeshService mesh, String host, int port, Handler handler) throws IOException {
    server = HttpsServer.create(new InetSocketAddress(host, port), 64);
    server.setHttpsConfigurator(new HttpsConfigurator(mesh.serverSslContext()));
    pool =
        Executors.newFixedThreadPool(
            8,
            r -> {
              Thread t = new Thread(r, mesh.serviceName() + "-http");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(pool);
    server.createContext("/", authorized(mesh, wrap(handler)));
    server.start();
  }

  /**
   * Checks every request against the current intentions (L4 and L7) with the caller's SPIFFE ID, so
   * a removed intention also stops pooled and resumed connections; a denial answers 403 with the
   * reason.
   */
  // tag::l7-authorize[]
  static HttpHandler authorized(MeshService mesh, HttpHandler next) {
    return ex -> {
      HttpsExchange https = (HttpsExchange) ex;
      var peer = MeshService.peerIdentity(https.getSSLSession());
      var d =
          mesh.requestAuthorizer()
              .authorize(
                  peer,
                  new HttpRequestAttributes(
                      ex.getRequestMethod(), ex.getRequestURI().getPath(), ex.getRequestHeaders()));
      if (!d.allowed()) {
        byte[] body = ("403 " + d.reason()).getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(403, body.length);
        try (OutputStream out = ex.getResponseBody()) {
          out.write(body);
        }
        ex.close();
        return;
      }
      next.handle(ex);
    };
  }

  // end::l7-authorize[]

  static HttpHandler wrap(Handler h) {
    return ex -> {
      try (ex) {
        String peer =
            ex instanceof HttpsExchange https
                ? MeshService.peerIdentity(https.getSSLSession()).service()
                : "?";
        byte[] body;
        int status = 200;
        try {
          body = h.handle(peer, ex).getBytes(StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
          status = 502;
          body = ("upstream failure: " + e.getMessage()).getBytes(StandardCharsets.UTF_8);
        }
        ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
          out.write(body);
        }
      }
    };
  }

  int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
  }
}
