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
import io.nativemesh.spring.internal.FixedManagerFactories;
import io.nativemesh.tls.MeshState;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundleKey;
import org.springframework.boot.ssl.SslManagerBundle;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.boot.ssl.SslStoreBundle;

/**
 * The {@code nativemesh} entry of Spring Boot's {@code SslBundleRegistry}: {@code
 * server.ssl.bundle=nativemesh} serves mutual TLS with the mesh leaf.
 *
 * <ul>
 *   <li>{@link #getManagers()}: the mesh's key and trust managers. They read the current leaf,
 *       roots and intentions on every handshake, so rotations need no reload; callers without an
 *       intention are refused in the handshake. Reactor Netty serves from these.
 *   <li>{@link #createSslContext()}: the mesh {@link SSLContext} ({@link
 *       MeshService#serverSslContext()}), which also renews sessions when roots or intentions
 *       change. Embedded Tomcat serves from it (the starter's Tomcat connector customizer).
 *   <li>{@link #getStores()}: a snapshot of the current leaf and roots as key stores, for consumers
 *       that only take stores; a snapshot does not follow rotations.
 * </ul>
 *
 * <p>Store and manager access wait (up to the ready timeout) for the first leaf. Thread-safe.
 *
 * @since 0.1.0
 */
public final class MeshSslBundle implements SslBundle {
  /** The bundle's name in the registry: {@value}. */
  public static final String NAME = "nativemesh";

  private static final String ALIAS = "nativemesh";
  private static final String PASSWORD = "nativemesh"; // in-memory snapshot only, never written

  private final MeshService mesh;
  private final Duration readyTimeout;
  private volatile SslManagerBundle managers;

  /**
   * @param mesh the mesh service
   * @param readyTimeout how long store access waits for the first leaf
   */
  public MeshSslBundle(MeshService mesh, Duration readyTimeout) {
    this.mesh = mesh;
    this.readyTimeout = readyTimeout;
  }

  @Override
  public SslStoreBundle getStores() {
    return new SslStoreBundle() {
      @Override
      public KeyStore getKeyStore() {
        MeshState s = mesh.awaitReady(readyTimeout);
        KeyStore ks = empty();
        try {
          ks.setKeyEntry(ALIAS, s.privateKey(), PASSWORD.toCharArray(), s.chain());
        } catch (GeneralSecurityException e) {
          throw new IllegalStateException("cannot snapshot the mesh leaf: " + e.getMessage(), e);
        }
        return ks;
      }

      @Override
      public String getKeyStorePassword() {
        return PASSWORD;
      }

      @Override
      public KeyStore getTrustStore() {
        MeshState s = mesh.awaitReady(readyTimeout);
        KeyStore ks = empty();
        List<X509Certificate> roots = s.trust().roots();
        try {
          for (int i = 0; i < roots.size(); i++) {
            ks.setCertificateEntry("root-" + i, roots.get(i));
          }
        } catch (GeneralSecurityException e) {
          throw new IllegalStateException("cannot snapshot the mesh roots: " + e.getMessage(), e);
        }
        return ks;
      }
    };
  }

  private static KeyStore empty() {
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      return ks;
    } catch (Exception e) {
      throw new IllegalStateException("no PKCS12 key store: " + e.getMessage(), e);
    }
  }

  @Override
  public SslBundleKey getKey() {
    return SslBundleKey.of(PASSWORD, ALIAS);
  }

  @Override
  public SslOptions getOptions() {
    return SslOptions.NONE;
  }

  @Override
  public String getProtocol() {
    return "TLS";
  }

  @Override
  public SslManagerBundle getManagers() {
    SslManagerBundle m = managers;
    if (m == null) {
      m =
          SslManagerBundle.of(
              FixedManagerFactories.keyManagers(mesh.keyManager()),
              FixedManagerFactories.trustManagers(mesh.trustManager()));
      managers = m;
    }
    return m;
  }

  @Override
  public SSLContext createSslContext() {
    return mesh.serverSslContext();
  }

  @Override
  public String toString() {
    return "MeshSslBundle[" + mesh.serviceName() + "]";
  }
}
