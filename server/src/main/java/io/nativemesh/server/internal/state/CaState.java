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
package io.nativemesh.server.internal.state;

import io.nativemesh.core.model.CaRoot;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The Connect CA's replicated state (Consul: the CA roots table, the CA configuration and the
 * built-in provider's state). Immutable. It holds the active root's private key because, as in
 * Consul's built-in provider, the key must survive restarts together with the roots; it is never
 * served.
 *
 * @param clusterId the cluster ID (a UUID); the trust domain is {@code <clusterId>.consul}
 * @param roots every root, active and rotated out, oldest first; indexes set
 * @param activeRootId the {@link CaRoot#id()} of the active root
 * @param activeSigningKeyPkcs8 the active signing key, PKCS#8 DER
 * @param lastLeafSerial the last serial number handed to a leaf certificate (0 = none yet)
 * @param config the CA configuration
 * @param rotatedOutAt per inactive root ID, when it was rotated out (Consul: {@code RotatedOutAt},
 *     never serialized on the wire); drives pruning after 2 × {@code LeafCertTTL}
 */
public record CaState(
    String clusterId,
    List<CaRoot> roots,
    String activeRootId,
    byte[] activeSigningKeyPkcs8,
    long lastLeafSerial,
    CaConfig config,
    Map<String, Instant> rotatedOutAt) {

  /** Copies the collections. */
  public CaState {
    Objects.requireNonNull(clusterId, "clusterId");
    Objects.requireNonNull(config, "config");
    roots = List.copyOf(roots);
    rotatedOutAt = Map.copyOf(rotatedOutAt);
  }

  /**
   * @return {@code <clusterId>.consul} (Consul: the {@code .consul} TLD is fixed)
   */
  public String trustDomain() {
    return clusterId + ".consul";
  }

  /**
   * @return the active root
   * @throws IllegalStateException if the state is inconsistent (no active root)
   */
  public CaRoot activeRoot() {
    for (CaRoot r : roots) {
      if (r.id().equals(activeRootId)) {
        return r;
      }
    }
    throw new IllegalStateException("CA state has no active root " + activeRootId);
  }

  /**
   * @param serial the new last serial
   * @return a copy with {@link #lastLeafSerial()} replaced
   */
  public CaState withLastLeafSerial(long serial) {
    return new CaState(
        clusterId, roots, activeRootId, activeSigningKeyPkcs8, serial, config, rotatedOutAt);
  }

  /**
   * @param next the new configuration
   * @return a copy with {@link #config()} replaced
   */
  public CaState withConfig(CaConfig next) {
    return new CaState(
        clusterId, roots, activeRootId, activeSigningKeyPkcs8, lastLeafSerial, next, rotatedOutAt);
  }

  @Override
  public boolean equals(Object o) {
    return o == this;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(this);
  }

  /** Never prints the signing key. */
  @Override
  public String toString() {
    return "CaState[clusterId="
        + clusterId
        + ", activeRootId="
        + activeRootId
        + ", roots="
        + roots.size()
        + ", lastLeafSerial="
        + lastLeafSerial
        + ", config="
        + config
        + "]";
  }
}
