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
package io.nativemesh.netty;

import io.nativemesh.core.MeshException;
import io.nativemesh.netty.internal.OpenSslTicketKeys;
import io.nativemesh.tls.MeshHostnames;
import io.nativemesh.tls.MeshKeyManager;
import io.nativemesh.tls.MeshSslContexts;
import io.nativemesh.tls.MeshState;
import io.nativemesh.tls.MeshStateStore;
import io.nativemesh.tls.MeshTrustManager;
import io.nativemesh.tls.TlsPolicy;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.IdentityCipherSuiteFilter;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.OpenSslSessionContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import javax.net.ssl.SSLException;

/**
 * Builds the Netty TLS contexts of a mesh service, on the JDK engine or on OpenSSL (BoringSSL from
 * {@code netty-tcnative-boringssl-static}), over the same {@link MeshKeyManager} and {@link
 * MeshTrustManager} as {@link MeshSslContexts#sslContext}: every context is built once and never
 * needs a reload, because the managers read the current {@link MeshState} in each handshake. TLS
 * 1.3 and 1.2 only; mutual TLS always; ALPN offers {@code h2} and {@code http/1.1} (Consul issue
 * #4466). Stateless and thread-safe.
 *
 * @since 0.1.0
 */
public final class MeshNettyContexts {
  private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

  private MeshNettyContexts() {}

  /**
   * A Netty server context: requires client certificates, authorizes them against intentions. When
   * intentions or roots change, sessions established before cannot be resumed (JDK engine: the
   * inner context is renewed; OpenSSL: new session-ticket keys and a flushed cache).
   *
   * @param store the mesh state
   * @param policy verification policy
   * @param engine JDK, OpenSSL or automatic
   * @return the context
   * @throws MeshException if the context cannot be built
   * @throws IllegalStateException if {@link TlsEngine#OPENSSL} is asked for and cannot be loaded
   */
  public static SslContext server(MeshStateStore store, TlsPolicy policy, TlsEngine engine) {
    return server(store, policy, engine, true);
  }

  /**
   * A Netty server context as {@link #server(MeshStateStore, TlsPolicy, TlsEngine)}, choosing
   * whether ALPN is negotiated. An L4 forwarder that cannot vouch for the protocol of what sits
   * behind it passes {@code false}: the handshake then selects no application protocol and an HTTP
   * client that offered {@code h2} falls back to HTTP/1.1 (RFC 7301 §3.1).
   *
   * @param store the mesh state
   * @param policy verification policy
   * @param engine JDK, OpenSSL or automatic
   * @param alpn true to negotiate ALPN {@code h2}/{@code http/1.1}; false to negotiate none
   * @return the context
   * @throws MeshException if the context cannot be built
   * @throws IllegalStateException if {@link TlsEngine#OPENSSL} is asked for and cannot be loaded
   * @since 0.1.0
   */
  public static SslContext server(
      MeshStateStore store, TlsPolicy policy, TlsEngine engine, boolean alpn) {
    SslProvider provider = engine.provider();
    if (provider == SslProvider.JDK) {
      // wrap the mesh SSLContext, whose inner context (and ticket keys) is renewed on policy change
      return new JdkSslContext(
          MeshSslContexts.sslContext(store, policy),
          false,
          null,
          IdentityCipherSuiteFilter.INSTANCE,
          alpn ? alpn() : null,
          ClientAuth.REQUIRE,
          PROTOCOLS,
          false);
    }
    try {
      SslContext ctx =
          SslContextBuilder.forServer(new MeshKeyManager(store))
              .trustManager(new MeshTrustManager(store, policy))
              .clientAuth(ClientAuth.REQUIRE)
              .sslProvider(provider)
              .protocols(PROTOCOLS)
              .applicationProtocolConfig(alpn ? alpn() : null)
              .build();
      if (ctx.sessionContext() instanceof OpenSslSessionContext sessions) {
        store.addListener(
            (prev, now) -> {
              if (prev != null
                  && (prev.intentions() != now.intentions() || prev.trust() != now.trust())) {
                // resumed sessions skip the trust manager: new ticket keys and an empty cache force
                // full handshakes
                sessions.setTicketKeys(OpenSslTicketKeys.random());
                sessions.setSessionCacheEnabled(false);
                sessions.setSessionCacheEnabled(true);
              }
            });
      }
      return ctx;
    } catch (SSLException e) {
      throw new MeshException("cannot build the mesh server TLS context: " + e.getMessage(), e);
    }
  }

  /**
   * A Netty client context. Create handlers with {@code newHandler(alloc, meshHost, port)} where
   * {@code meshHost} names the dialled service ({@link MeshHostnames}); host name verification is
   * off because the trust manager checks the SPIFFE ID instead.
   *
   * @param store the mesh state
   * @param policy verification policy
   * @param engine JDK, OpenSSL or automatic
   * @param alpn offer ALPN {@code h2}, {@code http/1.1}
   * @return the context
   * @throws MeshException if the context cannot be built
   * @throws IllegalStateException if {@link TlsEngine#OPENSSL} is asked for and cannot be loaded
   */
  public static SslContext client(
      MeshStateStore store, TlsPolicy policy, TlsEngine engine, boolean alpn) {
    try {
      SslContextBuilder b =
          SslContextBuilder.forClient()
              .keyManager(new MeshKeyManager(store))
              .trustManager(new MeshTrustManager(store, policy))
              .sslProvider(engine.provider())
              .protocols(PROTOCOLS)
              .endpointIdentificationAlgorithm(null);
      if (alpn) {
        b.applicationProtocolConfig(alpn());
      }
      return b.build();
    } catch (SSLException e) {
      throw new MeshException("cannot build the mesh client TLS context: " + e.getMessage(), e);
    }
  }

  private static ApplicationProtocolConfig alpn() {
    return new ApplicationProtocolConfig(
        ApplicationProtocolConfig.Protocol.ALPN,
        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
        ApplicationProtocolNames.HTTP_2,
        ApplicationProtocolNames.HTTP_1_1);
  }
}
