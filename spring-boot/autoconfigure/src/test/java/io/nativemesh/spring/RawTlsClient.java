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
package io.nativemesh.spring;

import io.nativemesh.MeshService;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A bare JDK TLS client presenting a mesh service's leaf (its key manager) and accepting any server
 * certificate: it tests what the server decides in the handshake, with its own session cache (so a
 * second connection offers to resume the first one's session). One HTTP/1.1 GET per connection.
 */
final class RawTlsClient {
  private final SSLContext ctx;
  private final String protocol;
  SSLSession lastSession;

  /**
   * @param client whose leaf to present
   * @param protocol e.g. {@code TLSv1.2}
   */
  RawTlsClient(MeshService client, String protocol) throws Exception {
    this.protocol = protocol;
    ctx = context(client);
  }

  /** A JDK client context presenting {@code client}'s leaf and accepting any server. */
  static SSLContext context(MeshService client) throws Exception {
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(
        new KeyManager[] {client.keyManager()}, new TrustManager[] {TRUST_ALL}, new SecureRandom());
    return ctx;
  }

  /**
   * @return the HTTP status code of {@code GET path} on a new connection
   * @throws IOException if the server refused the handshake or closed without an HTTP answer
   */
  int get(int port, String path) throws IOException {
    try (Socket plain = new Socket()) {
      plain.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      plain.setSoTimeout(10_000);
      try (SSLSocket s =
          (SSLSocket) ctx.getSocketFactory().createSocket(plain, "127.0.0.1", port, true)) {
        s.setEnabledProtocols(new String[] {protocol});
        s.startHandshake();
        lastSession = s.getSession();
        OutputStream out = s.getOutputStream();
        out.write(
            ("GET " + path + " HTTP/1.1\r\nHost: web\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String status =
            new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII))
                .readLine();
        if (status == null || !status.startsWith("HTTP/1.1 ")) {
          throw new IOException("no HTTP answer: " + status);
        }
        return Integer.parseInt(status.substring(9, 12));
      }
    }
  }

  private static final X509ExtendedTrustManager TRUST_ALL =
      new X509ExtendedTrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] c, String a, Socket s) {}

        @Override
        public void checkServerTrusted(X509Certificate[] c, String a, Socket s) {}

        @Override
        public void checkClientTrusted(X509Certificate[] c, String a, SSLEngine e) {}

        @Override
        public void checkServerTrusted(X509Certificate[] c, String a, SSLEngine e) {}

        @Override
        public void checkClientTrusted(X509Certificate[] c, String a) {}

        @Override
        public void checkServerTrusted(X509Certificate[] c, String a) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
          return new X509Certificate[0];
        }
      };
}
