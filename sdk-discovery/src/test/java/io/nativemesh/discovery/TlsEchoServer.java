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
package io.nativemesh.discovery;

import io.nativemesh.tls.CertificateInfo;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * A mesh server for tests: accepts TLS connections from an {@link SSLContext} (mutual TLS from
 * {@code MeshSslContexts}), answers each line with {@code "<name>: <line>"}, and records the peers'
 * SPIFFE IDs. With a null context it accepts TCP and never speaks (a hung peer).
 */
public final class TlsEchoServer extends TlsTestServer {
  private final String name;
  private final List<String> peers = new CopyOnWriteArrayList<>();

  /**
   * @param name prefix of every answer
   * @param context the server's TLS context, or null for a server that never handshakes
   * @param protocols TLS versions to enable (e.g. {@code TLSv1.2}); none for the context's own
   * @throws IOException if it cannot listen
   */
  public TlsEchoServer(String name, SSLContext context, String... protocols) throws IOException {
    super(listen(context, protocols));
    this.name = name;
    start();
  }

  private static ServerSocket listen(SSLContext context, String... protocols) throws IOException {
    if (context == null) {
      return new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    }
    SSLServerSocket s =
        (SSLServerSocket)
            context
                .getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
    if (protocols.length > 0) {
      s.setEnabledProtocols(protocols);
    }
    return s;
  }

  @Override
  protected void serve(Socket socket) {
    if (!(socket instanceof SSLSocket s)) {
      return; // a hung peer: say nothing
    }
    try (s) {
      s.startHandshake();
      X509Certificate peer = (X509Certificate) s.getSession().getPeerCertificates()[0];
      peers.add(CertificateInfo.uriSans(peer).get(0));
      BufferedReader in =
          new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
      OutputStream out = s.getOutputStream();
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        out.write((name + ": " + line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
    } catch (IOException | RuntimeException e) {
      // a refused or broken connection: the client sees it
    }
  }

  /**
   * @return SPIFFE IDs of the peers that completed a handshake
   */
  public List<String> peers() {
    return peers;
  }
}
