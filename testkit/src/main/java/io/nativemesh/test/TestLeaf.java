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
package io.nativemesh.test;

import io.nativemesh.core.ServiceIdentity;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/**
 * A leaf certificate with its key, as a fake instance serves it.
 *
 * @param identity the SPIFFE identity in the leaf
 * @param chain leaf first, then intermediates
 * @param privateKey the leaf's key
 * @since 0.1.0
 */
public record TestLeaf(ServiceIdentity identity, X509Certificate[] chain, PrivateKey privateKey) {
  /**
   * @return the leaf certificate
   */
  public X509Certificate certificate() {
    return chain[0];
  }
}
