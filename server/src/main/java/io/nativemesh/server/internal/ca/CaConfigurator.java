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
package io.nativemesh.server.internal.ca;

import io.nativemesh.core.model.CaRoot;
import io.nativemesh.server.internal.state.CaConfig;
import io.nativemesh.server.internal.state.CaState;
import io.nativemesh.server.internal.state.Command;
import io.nativemesh.server.internal.state.StateStore;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies CA configuration changes (Consul: {@code CAManager.UpdateConfiguration}), rotating the
 * root with cross-signing when the root key changes (docs/consul-api.md, "Root rotation and
 * cross-signing"):
 *
 * <ul>
 *   <li>{@code Config.PrivateKey} set and different from the active root's key (or a different
 *       {@code RootCert}) → rotate to a root made from that key;
 *   <li>{@code Config.PrivateKey} absent or empty → rotate to a root with a freshly generated key
 *       of the configured {@code PrivateKeyType}/{@code PrivateKeyBits} ("rotate now"; EC→RSA and
 *       RSA→EC rotations cross-sign like any other, the old key signing with its own algorithm).
 *       Deviation: Consul's built-in provider keeps its key when neither {@code PrivateKey}, {@code
 *       RootCert} nor the key type/size change; here every PUT without a key rotates, which gives
 *       operators and tests a one-call rotation;
 *   <li>the same key and root as now → only the settings change.
 * </ul>
 *
 * A rotation cross-signs the new root with the old root's key and puts that certificate first in
 * the new root's {@code IntermediateCerts}; the old root stays listed as inactive until {@link
 * CaRootPruner} removes it. {@code ForceWithoutCrossSigning} is accepted and recorded; it is never
 * needed because the built-in provider can always cross-sign. Thread-safe (updates are serialized).
 */
public final class CaConfigurator {
  private static final Logger LOG = LoggerFactory.getLogger(CaConfigurator.class);
  private final StateStore store;
  private final Clock clock;
  private final RandomGenerator random;

  /**
   * @param store the state store
   * @param clock time source for certificate validity and {@code RotatedOutAt}
   * @param random randomness for serials and names
   */
  public CaConfigurator(StateStore store, Clock clock, RandomGenerator random) {
    this.store = store;
    this.clock = clock;
    this.random = random;
  }

  /**
   * @param next the validated configuration (see {@link CaConfigParser})
   * @return true if the root was rotated, false if only settings changed
   * @throws IllegalArgumentException if the key material is unusable
   * @throws IllegalStateException if the CA is not bootstrapped
   */
  public synchronized boolean update(CaConfig next) {
    CaState ca = store.snapshot().ca();
    if (ca == null) {
      throw new IllegalStateException("cluster has no CA bootstrapped yet");
    }
    CaRoot active = ca.activeRoot();
    if (next.privateKeyPem() != null) {
      KeyPair kp = KeyMaterial.parseKeyPair(next.privateKeyPem());
      boolean sameKey =
          ColonHex.of(X509Factory.keyId(kp.getPublic())).equals(active.signingKeyId());
      boolean sameRoot =
          next.rootCertPem() == null
              || X509Factory.parseCertificate(next.rootCertPem())
                  .equals(X509Factory.parseCertificate(active.rootCert()));
      if (sameKey && sameRoot) {
        store.apply(new Command.SetCaConfig(next));
        LOG.info("CA configuration updated (same root key): {}", next);
        return false;
      }
    }
    Instant now = clock.instant();
    RootGenerator.Generated g = RootGenerator.root(ca.clusterId(), now, random, next);
    CaRoot crossSigned =
        RootGenerator.withCrossSigned(
            g, active.rootCert(), ca.activeSigningKeyPkcs8(), now, random);
    store.apply(
        new Command.RotateCaRoot(crossSigned, g.keyPair().getPrivate().getEncoded(), next, now));
    LOG.info(
        "CA root rotated: {} -> {} (cross-signed by the old root key)",
        active.id(),
        crossSigned.id());
    return true;
  }
}
