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

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The server sockets, sockets and engines of {@link MeshSslContexts#sslContext} (internal {@code
 * MeshServerSocket} and {@code MeshSslContextSpi}): client authentication is required and cannot be
 * weakened by an application, other settings pass through (a client without certificate is refused:
 * {@link HandshakeTest}).
 */
class MeshServerSocketTest {
  private SSLContext ctx;

  @BeforeEach
  void setUp() throws Exception {
    MeshStateStore store = new MeshStateStore();
    store.publish(Fixtures.state(1, new TestCa("root"), "web", List.of(), true));
    ctx = MeshSslContexts.sslContext(store, TlsPolicy.DEFAULT);
  }

  @Test
  void clientAuthenticationCannotBeWeakened() throws Exception {
    try (SSLServerSocket s = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket()) {
      s.setNeedClientAuth(false);
      s.setWantClientAuth(true);
      SSLParameters weak = new SSLParameters();
      weak.setNeedClientAuth(false);
      s.setSSLParameters(weak);

      assertTrue(s.getNeedClientAuth());
      assertFalse(s.getWantClientAuth());
      assertTrue(s.getSSLParameters().getNeedClientAuth());
      assertFalse(s.getUseClientMode());
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> s.setUseClientMode(true));
      assertEquals("a mesh server socket cannot accept in client mode", e.getMessage());
      s.setEnableSessionCreation(false);
      assertTrue(s.getEnableSessionCreation());
    }
  }

  @Test
  void protocolsAndCipherSuitesPassThrough() throws Exception {
    try (SSLServerSocket s = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket(0)) {
      assertTrue(List.of(s.getSupportedProtocols()).contains("TLSv1.3"));
      String suite = "TLS_AES_128_GCM_SHA256";
      assertTrue(List.of(s.getSupportedCipherSuites()).contains(suite));

      s.setEnabledProtocols(new String[] {"TLSv1.3"});
      s.setEnabledCipherSuites(new String[] {suite});
      assertArrayEquals(new String[] {"TLSv1.3"}, s.getEnabledProtocols());
      assertArrayEquals(new String[] {suite}, s.getEnabledCipherSuites());

      SSLParameters p = new SSLParameters(null, new String[] {"TLSv1.2", "TLSv1.3"});
      p.setApplicationProtocols(new String[] {"h2"});
      s.setSSLParameters(p);
      assertArrayEquals(
          new String[] {suite}, s.getEnabledCipherSuites(), "unset suites keep the current ones");
      assertArrayEquals(new String[] {"TLSv1.2", "TLSv1.3"}, s.getEnabledProtocols());
      assertArrayEquals(new String[] {"h2"}, s.getSSLParameters().getApplicationProtocols());
    }
  }

  @Test
  void everyFactoryMethodBindsAndTheFactoryListsSuites() throws Exception {
    SSLServerSocketFactory f = ctx.getServerSocketFactory();
    assertTrue(f.getDefaultCipherSuites().length > 0);
    assertTrue(f.getSupportedCipherSuites().length >= f.getDefaultCipherSuites().length);
    try (SSLServerSocket a = (SSLServerSocket) f.createServerSocket(0, 5);
        SSLServerSocket b =
            (SSLServerSocket) f.createServerSocket(0, 5, InetAddress.getLoopbackAddress());
        SSLServerSocket c = (SSLServerSocket) f.createServerSocket()) {
      assertTrue(a.isBound());
      assertEquals(InetAddress.getLoopbackAddress(), b.getInetAddress());
      assertFalse(c.isBound());
      c.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      assertTrue(c.getLocalPort() > 0);
    }
  }

  @Test
  void enginesAndServerModeSocketsRequireClientCertificates() throws Exception {
    SSLEngine e = ctx.createSSLEngine();
    assertTrue(e.getNeedClientAuth());
    assertTrue(ctx.createSSLEngine("web", 443).getNeedClientAuth());
    assertTrue(ctx.getDefaultSSLParameters().getNeedClientAuth());
    assertTrue(ctx.getSupportedSSLParameters().getProtocols().length > 0);
    try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket()) {
      s.setUseClientMode(false);
      assertTrue(s.getNeedClientAuth());
    }
  }
}
