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
package io.nativemesh.spring.internal;

import java.security.KeyStore;
import java.security.Provider;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.KeyManagerFactorySpi;
import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.TrustManagerFactorySpi;

/**
 * Key and trust manager factories that hand out one given manager: how servers that take factories
 * (Netty's SslContextBuilder, through Spring Boot's SslManagerBundle) get the mesh's managers.
 * Initialising them is a no-op.
 */
public final class FixedManagerFactories {
  private static final Provider PROVIDER =
      new Provider("NativeMesh", "1.0", "the mesh's key and trust managers") {
        private static final long serialVersionUID = 1L;
      };

  private FixedManagerFactories() {}

  /**
   * @param km the key manager
   * @return a factory returning it
   */
  public static KeyManagerFactory keyManagers(KeyManager km) {
    return new KeyManagerFactory(
        new KeyManagerFactorySpi() {
          @Override
          protected void engineInit(KeyStore ks, char[] password) {}

          @Override
          protected void engineInit(ManagerFactoryParameters spec) {}

          @Override
          protected KeyManager[] engineGetKeyManagers() {
            return new KeyManager[] {km};
          }
        },
        PROVIDER,
        "NativeMesh") {};
  }

  /**
   * @param tm the trust manager
   * @return a factory returning it
   */
  public static TrustManagerFactory trustManagers(TrustManager tm) {
    return new TrustManagerFactory(
        new TrustManagerFactorySpi() {
          @Override
          protected void engineInit(KeyStore ks) {}

          @Override
          protected void engineInit(ManagerFactoryParameters spec) {}

          @Override
          protected TrustManager[] engineGetTrustManagers() {
            return new TrustManager[] {tm};
          }
        },
        PROVIDER,
        "NativeMesh") {};
  }
}
