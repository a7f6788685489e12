package io.nativemesh.server.internal.state;

import io.nativemesh.core.model.CaRoot;
import java.util.List;
import java.util.Objects;

/**
 * The Connect CA's replicated state (Consul: the CA roots table plus the built-in provider's state).
 * Immutable. It holds the active root's private key because, as in Consul's built-in provider, the
 * key must survive restarts together with the roots once the log is durable; it is never served.
 *
 * @param clusterId the cluster ID (a UUID); the trust domain is {@code <clusterId>.consul}
 * @param roots every root, active and rotated out; {@link CaRoot#createIndex()} set
 * @param activeRootId the {@link CaRoot#id()} of the active root
 * @param activeSigningKeyPkcs8 the active signing key, PKCS#8 DER
 * @param lastLeafSerial the last serial number handed to a leaf certificate (0 = none yet)
 */
public record CaState(String clusterId, List<CaRoot> roots, String activeRootId, byte[] activeSigningKeyPkcs8,
                      long lastLeafSerial) {

  /** Copies the root list. */
  public CaState {
    Objects.requireNonNull(clusterId, "clusterId");
    roots = List.copyOf(roots);
  }

  /** @return {@code <clusterId>.consul} (Consul: the {@code .consul} TLD is fixed) */
  public String trustDomain() {
    return clusterId + ".consul";
  }

  /**
   * @return the active root
   * @throws IllegalStateException if the state is inconsistent (no active root)
   */
  public CaRoot activeRoot() {
    return roots.stream().filter(r -> r.id().equals(activeRootId)).findFirst()
        .orElseThrow(() -> new IllegalStateException("CA state has no active root " + activeRootId));
  }

  /**
   * @param serial the new last serial
   * @return a copy with {@link #lastLeafSerial()} replaced
   */
  public CaState withLastLeafSerial(long serial) {
    return new CaState(clusterId, roots, activeRootId, activeSigningKeyPkcs8, serial);
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
    return "CaState[clusterId=" + clusterId + ", activeRootId=" + activeRootId + ", roots=" + roots.size()
        + ", lastLeafSerial=" + lastLeafSerial + "]";
  }
}
