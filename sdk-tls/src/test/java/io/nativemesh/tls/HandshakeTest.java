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
package io.nativemesh.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nativemesh.core.intention.IntentionMatcher;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Real TLS handshakes on 127.0.0.1 between mesh contexts. */
class HandshakeTest {
  private TestCa ca;
  private MeshStateStore serverStore;
  private SSLServerSocket server;
  private ExecutorService acceptor;

  @BeforeEach
  void startServer() throws Exception {
    ca = new TestCa("root");
    serverStore = new MeshStateStore();
    serverStore.publish(
        Fixtures.state(1, ca, "web", List.of(Fixtures.intention("api", "web", "allow")), false));
    SSLContext ctx = MeshSslContexts.sslContext(serverStore, TlsPolicy.DEFAULT);
    server =
        (SSLServerSocket)
            ctx.getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
    acceptor = Executors.newCachedThreadPool();
    acceptor.execute(
        () -> {
          while (!server.isClosed()) {
            try {
              Socket s = server.accept();
              acceptor.execute(() -> echo(s));
            } catch (IOException e) {
              return;
            }
          }
        });
  }

  private static void echo(Socket s) {
    try (s) {
      String line =
          new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))
              .readLine();
      OutputStream out = s.getOutputStream();
      out.write(("echo " + line + "\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
    } catch (IOException e) {
      // refused handshakes end here
    }
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
    acceptor.shutdownNow();
  }

  private String call(SSLContext client, String meshHost) throws IOException {
    Socket raw = new Socket();
    raw.connect(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()), 5000);
    raw.setSoTimeout(5000);
    try (SSLSocket s =
        (SSLSocket)
            client.getSocketFactory().createSocket(raw, meshHost, server.getLocalPort(), true)) {
      s.startHandshake();
      s.getOutputStream().write("hi\n".getBytes(StandardCharsets.UTF_8));
      s.getOutputStream().flush();
      String line =
          new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))
              .readLine();
      if (line == null) {
        throw new IOException("connection closed by server");
      }
      return line;
    }
  }

  private SSLContext clientFor(String service) throws Exception {
    MeshStateStore st = new MeshStateStore();
    st.publish(Fixtures.state(1, ca, service, List.of(), false));
    return MeshSslContexts.sslContext(st, TlsPolicy.DEFAULT);
  }

  @Test
  void allowedClientTalksToTheServiceItDialled() throws Exception {
    assertEquals("echo hi", call(clientFor("api"), "web.service.consul"));
  }

  @Test
  void clientWithoutIntentionIsRefused() throws Exception {
    SSLContext intruder = clientFor("intruder");
    assertThrows(IOException.class, () -> call(intruder, "web.service.consul"));
  }

  @Test
  void clientRefusesAServerThatIsNotTheDialledService() throws Exception {
    SSLContext api = clientFor("api");
    var e = assertThrows(IOException.class, () -> call(api, "db.service.consul"));
    assertTrue(
        String.valueOf(e.getCause()).contains("WRONG_SERVICE")
            || e.getMessage().contains("WRONG_SERVICE"),
        e.toString());
  }

  @Test
  void clientWithoutCertificateIsRefusedEvenIfTheAppForgotNeedClientAuth() throws Exception {
    SSLContext anonymous = SSLContext.getInstance("TLS");
    anonymous.init(
        null,
        new TrustManager[] {
          new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] c, String a) {}

            @Override
            public void checkServerTrusted(X509Certificate[] c, String a) {}

            @Override
            public X509Certificate[] getAcceptedIssuers() {
              return new X509Certificate[0];
            }
          }
        },
        null);
    assertThrows(IOException.class, () -> call(anonymous, "web.service.consul"));
  }

  @Test
  void rotationNeedsNoNewContext() throws Exception {
    SSLContext api = clientFor("api");
    assertEquals("echo hi", call(api, "web.service.consul"));
    serverStore.publish(
        Fixtures.state(2, ca, "web", List.of(Fixtures.intention("api", "web", "allow")), false));
    assertEquals("echo hi", call(api, "web.service.consul"));
    serverStore.publish(
        serverStore
            .current()
            .withIntentions(
                new IntentionMatcher(
                    "web", List.of(Fixtures.intention("api", "web", "deny")), false)));
    assertThrows(IOException.class, () -> call(api, "web.service.consul"));
  }
}
