package io.nativemesh.tls;

import io.nativemesh.core.MeshException;
import io.nativemesh.tls.internal.MeshSslContextSpi;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.IdentityCipherSuiteFilter;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.OpenSslSessionContext;
import io.netty.handler.ssl.SslProvider;
import io.nativemesh.tls.internal.OpenSslTicketKeys;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.SecureRandom;
import java.util.function.Supplier;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;

/**
 * Builds the TLS contexts of a mesh service. Every context is built once and never replaced: the
 * {@link MeshKeyManager} and {@link MeshTrustManager} read the current {@link MeshState} in each
 * handshake, so rotations need no reload. TLS 1.3 and 1.2 only; mutual TLS always; ALPN offers
 * {@code h2} and {@code http/1.1} (Consul issue #4466). Thread-safe.
 */
public final class MeshSslContexts {
  private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

  private MeshSslContexts() {}

  /**
   * A JDK {@link SSLContext} for both directions: use its socket factory (or engines with a mesh host
   * name, see {@link MeshHostnames}) to dial, and its server socket factory or engines to serve.
   * Every engine and socket it creates requires a client certificate. When intentions or roots
   * change, sessions established before can no longer be resumed (their next connection runs the
   * trust manager again); {@code getServerSessionContext()} then returns the new session context.
   *
   * @param store the mesh state
   * @param policy verification policy
   * @return the context
   * @throws MeshException if the JDK cannot create a TLS context
   */
  public static SSLContext sslContext(MeshStateStore store, TlsPolicy policy) {
    MeshKeyManager km = new MeshKeyManager(store);
    MeshTrustManager tm = new MeshTrustManager(store, policy);
    Supplier<SSLContext> factory = () -> {
      try {
        SSLContext jdk = SSLContext.getInstance("TLS");
        jdk.init(new KeyManager[] {km}, new TrustManager[] {tm}, new SecureRandom());
        return jdk;
      } catch (GeneralSecurityException e) {
        throw new MeshException("cannot create a TLS context: " + e.getMessage(), e);
      }
    };
    MeshSslContextSpi spi = new MeshSslContextSpi(factory);
    store.addListener((prev, now) -> {
      if (prev != null && (prev.intentions() != now.intentions() || prev.trust() != now.trust())) {
        spi.renewSessions(); // a resumed session would skip the new policy
      }
    });
    Provider p = factory.get().getProvider();
    return new SSLContext(spi, p, "TLS") {};
  }

  /**
   * A Netty server context: requires client certificates, authorizes them against intentions. When
   * intentions or roots change, sessions established before cannot be resumed (JDK engine: the inner
   * context is renewed; OpenSSL: new session-ticket keys and a flushed cache).
   *
   * @param store the mesh state
   * @param policy verification policy
   * @param engine JDK, OpenSSL or automatic
   * @return the context
   * @throws MeshException if the context cannot be built
   */
  public static SslContext nettyServer(MeshStateStore store, TlsPolicy policy, TlsEngine engine) {
    SslProvider provider = engine.provider();
    if (provider == SslProvider.JDK) {
      // wrap the mesh SSLContext, whose inner context (and ticket keys) is renewed on policy change
      return new JdkSslContext(sslContext(store, policy), false, null, IdentityCipherSuiteFilter.INSTANCE, alpn(),
          ClientAuth.REQUIRE, PROTOCOLS, false);
    }
    try {
      SslContext ctx = SslContextBuilder.forServer(new MeshKeyManager(store))
          .trustManager(new MeshTrustManager(store, policy))
          .clientAuth(ClientAuth.REQUIRE)
          .sslProvider(provider)
          .protocols(PROTOCOLS)
          .applicationProtocolConfig(alpn())
          .build();
      if (ctx.sessionContext() instanceof OpenSslSessionContext sessions) {
        store.addListener((prev, now) -> {
          if (prev != null && (prev.intentions() != now.intentions() || prev.trust() != now.trust())) {
            // resumed sessions skip the trust manager: new ticket keys and an empty cache force full handshakes
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
   * {@code meshHost} names the dialled service ({@link MeshHostnames}); host name verification is off
   * because the trust manager checks the SPIFFE ID instead.
   *
   * @param store the mesh state
   * @param policy verification policy
   * @param engine JDK, OpenSSL or automatic
   * @param alpn offer ALPN {@code h2}, {@code http/1.1}
   * @return the context
   * @throws MeshException if the context cannot be built
   */
  public static SslContext nettyClient(MeshStateStore store, TlsPolicy policy, TlsEngine engine, boolean alpn) {
    try {
      SslContextBuilder b = SslContextBuilder.forClient()
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
    return new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
        ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1);
  }
}
