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
package io.nativemesh.test.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An HTTP relay in front of the companion server (127.0.0.1, ephemeral port) that can make blocking
 * queries (requests with an {@code index} parameter) fail the ways production ones do: stalled (the
 * request is held and never answered until healed; the client's own timeout fires) or broken (the
 * connection is dropped without a response). Everything else is relayed unchanged, headers
 * included. Thread-safe.
 */
public final class FaultProxy implements AutoCloseable {
  /** What happens to blocking queries. */
  public enum Mode {
    /** relayed */
    NORMAL,
    /** held unanswered until the mode changes */
    STALL,
    /** the connection is closed without a response */
    BREAK
  }

  private static final Set<String> HOP_BY_HOP =
      Set.of(
          "connection",
          "content-length",
          "host",
          "transfer-encoding",
          "upgrade",
          "expect",
          "keep-alive",
          "date");

  private final URI upstream;
  private final HttpServer server;
  private final ExecutorService pool;
  private final HttpClient client;
  private final AtomicReference<Mode> mode = new AtomicReference<>(Mode.NORMAL);
  private final AtomicReference<CountDownLatch> release =
      new AtomicReference<>(new CountDownLatch(1));
  private final AtomicInteger affected = new AtomicInteger();

  /**
   * @param upstream the server's base URL
   * @throws IOException if no loopback port can be bound
   */
  public FaultProxy(URI upstream) throws IOException {
    this.upstream = upstream;
    this.pool =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "nativemesh-test-proxy");
              t.setDaemon(true);
              return t;
            });
    this.client =
        HttpClient.newBuilder()
            .executor(pool)
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    server.setExecutor(pool);
    server.createContext("/", this::handle);
    server.start();
  }

  /**
   * @return the relay's base URL, {@code http://127.0.0.1:<port>}
   */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /**
   * @param next the new behaviour of blocking queries; held queries are released (and relayed) when
   *     leaving {@link Mode#STALL}
   */
  public void mode(Mode next) {
    Mode prev = mode.getAndSet(next);
    if (prev == Mode.STALL && next != Mode.STALL) {
      release.getAndSet(new CountDownLatch(1)).countDown();
    }
  }

  /**
   * @return the current mode
   */
  public Mode mode() {
    return mode.get();
  }

  /**
   * @return how many blocking queries were stalled or broken so far
   */
  public int affectedQueries() {
    return affected.get();
  }

  private static boolean blocking(URI uri) {
    String q = uri.getRawQuery();
    if (q == null) {
      return false;
    }
    for (String p : q.split("&")) {
      if (p.startsWith("index=") || p.equals("index")) {
        return true;
      }
    }
    return false;
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      if (blocking(ex.getRequestURI())) {
        Mode m = mode.get();
        if (m == Mode.BREAK) {
          affected.incrementAndGet();
          return; // closing an unanswered exchange drops the connection
        }
        if (m == Mode.STALL) {
          affected.incrementAndGet();
          CountDownLatch l = release.get();
          if (mode.get() == Mode.STALL) {
            try {
              l.await(10, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              return;
            }
          }
          if (mode.get() == Mode.BREAK) {
            return;
          }
        }
      }
      relay(ex);
    }
  }

  private void relay(HttpExchange ex) throws IOException {
    byte[] body;
    try (InputStream in = ex.getRequestBody()) {
      body = in.readAllBytes();
    }
    HttpRequest.Builder req =
        HttpRequest.newBuilder(upstream.resolve(ex.getRequestURI().toString()))
            .method(
                ex.getRequestMethod(),
                body.length == 0
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    for (Map.Entry<String, List<String>> h : ex.getRequestHeaders().entrySet()) {
      if (!HOP_BY_HOP.contains(h.getKey().toLowerCase(Locale.ROOT))) {
        for (String v : h.getValue()) {
          req.header(h.getKey(), v);
        }
      }
    }
    HttpResponse<byte[]> resp;
    try {
      resp = client.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    } catch (IOException e) {
      return; // the server went away: drop the client's connection too
    }
    resp.headers()
        .map()
        .forEach(
            (k, v) -> {
              if (!HOP_BY_HOP.contains(k.toLowerCase(Locale.ROOT)) && !k.startsWith(":")) {
                ex.getResponseHeaders().put(k, v);
              }
            });
    byte[] out = resp.body();
    ex.sendResponseHeaders(resp.statusCode(), out.length == 0 ? -1 : out.length);
    if (out.length > 0) {
      ex.getResponseBody().write(out);
    }
  }

  /** Stops the relay and releases held queries. */
  @Override
  public void close() {
    mode(Mode.NORMAL);
    server.stop(0);
    pool.shutdownNow();
  }
}
