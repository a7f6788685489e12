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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import io.nativemesh.netty.TlsEngine;
import io.nativemesh.tls.MeshKeyManager;
import io.nativemesh.tls.MeshStateStore;
import io.nativemesh.tls.TlsPolicy;
import io.netty.handler.ssl.OpenSsl;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 18, finding 9: the inbound forwarder is an L4 forwarder and must not negotiate ALPN {@code
 * h2} for a server it cannot vouch for. A real HTTP/1.1 server (the JDK's {@code HttpServer}) sits
 * behind the forwarder; the JDK's {@code HttpClient}, which offers {@code h2} and {@code http/1.1},
 * calls it with a mesh client certificate. On both TLS engines.
 */
class InboundAlpnTest {
  private final TestMesh mesh = new TestMesh();
  private FakeConsul consul;
  private UpstreamResolver resolver;
  private HttpServer backend;
  private LocalForwarders webForwarders;
  private MeshStateStore api;

  @BeforeEach
  void start() throws Exception {
    consul = new FakeConsul();
    api = mesh.store(TestMesh.uri("api"), List.of(), false);
    resolver = consul.resolver(UpstreamPolicy.DEFAULT);
    backend = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    backend.createContext(
        "/",
        x -> {
          byte[] body = ("hello over " + x.getProtocol()).getBytes(StandardCharsets.UTF_8);
          x.sendResponseHeaders(200, body.length);
          x.getResponseBody().write(body);
          x.close();
        });
    backend.start();
  }

  @AfterEach
  void stop() {
    if (webForwarders != null) {
      webForwarders.close();
    }
    backend.stop(0);
    resolver.close();
    consul.close();
  }

  private InboundForwarder forwarder(TlsEngine engine, boolean http2) throws Exception {
    assumeTrue(engine != TlsEngine.OPENSSL || OpenSsl.isAvailable(), "OpenSSL not loadable here");
    MeshStateStore web =
        mesh.store(TestMesh.uri("web"), List.of(TestMesh.intention("api", "web", "allow")), false);
    webForwarders =
        new LocalForwarders(
            web, TlsPolicy.DEFAULT, engine, resolver, new RefusalDiagnostics(consul.client), 1);
    return webForwarders.inboundForwarder(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
        backend.getAddress(),
        UpstreamPolicy.DEFAULT,
        http2);
  }

  /**
   * The client side of the test: api's mesh certificate, and a trust manager that records the
   * server's certificate (the server's identity is not what this test is about; the forged-server
   * tests cover it).
   */
  private SSLContext clientContext(AtomicReference<X509Certificate> seen) throws Exception {
    SSLContext c = SSLContext.getInstance("TLS");
    c.init(
        new KeyManager[] {new MeshKeyManager(api)},
        new TrustManager[] {new RecordingTrust(seen)},
        null);
    return c;
  }

  @ParameterizedTest
  @EnumSource(
      value = TlsEngine.class,
      names = {"JDK", "OPENSSL"})
  void anH2OfferingClientGetsHttp11FromAnHttp11BackendByDefault(TlsEngine engine) throws Exception {
    InboundForwarder f = forwarder(engine, false);
    AtomicReference<X509Certificate> seen = new AtomicReference<>();
    HttpClient client =
        HttpClient.newBuilder()
            .sslContext(clientContext(seen))
            .version(HttpClient.Version.HTTP_2)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    HttpResponse<String> r =
        client.send(
            HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + f.port() + "/x"))
                .timeout(Duration.ofSeconds(10))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    assertEquals(HttpClient.Version.HTTP_1_1, r.version());
    assertEquals("hello over HTTP/1.1", r.body());
    assertEquals(
        List.of(TestMesh.uri("web")),
        seen.get().getSubjectAlternativeNames().stream().map(n -> n.get(1)).toList());
  }

  @ParameterizedTest
  @EnumSource(
      value = TlsEngine.class,
      names = {"JDK", "OPENSSL"})
  void alpnIsNegotiatedOnlyWhenTheServiceSpeaksHttp2(TlsEngine engine) throws Exception {
    assertEquals("", negotiated(forwarder(engine, false)));
    webForwarders.close();
    assertEquals("h2", negotiated(forwarder(engine, true)));
  }

  private String negotiated(InboundForwarder f) throws Exception {
    SSLContext c = clientContext(new AtomicReference<>());
    try (Socket raw = new Socket(InetAddress.getLoopbackAddress(), f.port());
        SSLSocket s =
            (SSLSocket) c.getSocketFactory().createSocket(raw, "127.0.0.1", f.port(), true)) {
      s.setSoTimeout(10_000);
      SSLParameters p = s.getSSLParameters();
      p.setApplicationProtocols(new String[] {"h2", "http/1.1"});
      s.setSSLParameters(p);
      s.startHandshake();
      return s.getApplicationProtocol();
    }
  }

  /** Records the server's leaf; accepts it (see {@link #clientContext}). */
  private static final class RecordingTrust extends X509ExtendedTrustManager {
    private final AtomicReference<X509Certificate> seen;

    RecordingTrust(AtomicReference<X509Certificate> seen) {
      this.seen = seen;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      chain[0].checkValidity();
      seen.set(chain[0]);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
      throw new UnsupportedOperationException("client side only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
      throw new UnsupportedOperationException("client side only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
      throw new UnsupportedOperationException("client side only");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
