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

import io.nativemesh.core.MeshException;
import io.nativemesh.tls.internal.MeshSslContextSpi;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.SecureRandom;
import java.util.function.Supplier;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/**
 * Builds the JDK TLS context of a mesh service. It is built once and never replaced: the {@link
 * MeshKeyManager} and {@link MeshTrustManager} read the current {@link MeshState} in each
 * handshake, so rotations need no reload; mutual TLS always. Netty contexts over the same managers
 * (JDK or OpenSSL engine) are in the {@code nativemesh-sdk-netty} module ({@code
 * io.nativemesh.netty.MeshNettyContexts}). Thread-safe.
 *
 * @since 0.1.0
 */
public final class MeshSslContexts {
  private MeshSslContexts() {}

  /**
   * A JDK {@link SSLContext} for both directions: use its socket factory (or engines with a mesh
   * host name, see {@link MeshHostnames}) to dial, and its server socket factory or engines to
   * serve. Every engine and socket it creates requires a client certificate. When intentions or
   * roots change, sessions established before can no longer be resumed (their next connection runs
   * the trust manager again); {@code getServerSessionContext()} then returns the new session
   * context.
   *
   * @param store the mesh state
   * @param policy verification policy
   * @return the context
   * @throws MeshException if the JDK cannot create a TLS context
   */
  public static SSLContext sslContext(MeshStateStore store, TlsPolicy policy) {
    return sslContext(store, new MeshTrustManager(store, policy));
  }

  /**
   * As {@link #sslContext(MeshStateStore, TlsPolicy)}, verifying peers with a given trust manager,
   * so that its {@link MeshTrustManager#recentDenials()} lists the callers this context refused in
   * the handshake (the context keeps using {@code tm} after every session renewal).
   *
   * @param store the mesh state
   * @param tm the trust manager over {@code store}
   * @return the context
   * @throws MeshException if the JDK cannot create a TLS context
   * @since 0.1.0
   */
  public static SSLContext sslContext(MeshStateStore store, MeshTrustManager tm) {
    MeshKeyManager km = new MeshKeyManager(store);
    Supplier<SSLContext> factory =
        () -> {
          try {
            SSLContext jdk = SSLContext.getInstance("TLS");
            jdk.init(new KeyManager[] {km}, new TrustManager[] {tm}, new SecureRandom());
            return jdk;
          } catch (GeneralSecurityException e) {
            throw new MeshException("cannot create a TLS context: " + e.getMessage(), e);
          }
        };
    MeshSslContextSpi spi = new MeshSslContextSpi(factory);
    store.addListener(
        (prev, now) -> {
          if (prev != null
              && (prev.intentions() != now.intentions() || prev.trust() != now.trust())) {
            spi.renewSessions(); // a resumed session would skip the new policy
          }
        });
    Provider p = factory.get().getProvider();
    return new SSLContext(spi, p, "TLS") {};
  }
}
