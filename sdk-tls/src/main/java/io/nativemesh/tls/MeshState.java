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

import io.nativemesh.core.ServiceIdentity;
import io.nativemesh.core.intention.IntentionMatcher;
import java.math.BigInteger;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One immutable snapshot of everything a handshake needs: the identity generation, our leaf chain
 * and key, the trusted roots and the intentions for this service. Published by a single volatile
 * write ({@link MeshStateStore}); handshakes read one snapshot and never lock.
 *
 * @param generation increases by one for every new leaf (roots or intention changes keep it)
 * @param identity our service identity (the leaf's SPIFFE ID)
 * @param chain our leaf first, then intermediates; never empty
 * @param privateKey the leaf's private key
 * @param trust the trusted roots
 * @param intentions the intentions where we are the destination, with the default decision
 * @param agentAuthorizer when non-null, our token may not read intentions and connections are
 *     authorized by it (the agent, {@code /v1/agent/connect/authorize}) instead of {@code
 *     intentions}
 * @since 0.1.0
 */
public record MeshState(
    long generation,
    ServiceIdentity identity,
    X509Certificate[] chain,
    PrivateKey privateKey,
    TrustBundle trust,
    IntentionMatcher intentions,
    ConnectionAuthorizer agentAuthorizer) {

  /**
   * A state authorized from local intentions.
   *
   * @param generation identity generation
   * @param identity our identity
   * @param chain leaf first
   * @param privateKey the leaf key
   * @param trust trusted roots
   * @param intentions intentions where we are the destination
   */
  public MeshState(
      long generation,
      ServiceIdentity identity,
      X509Certificate[] chain,
      PrivateKey privateKey,
      TrustBundle trust,
      IntentionMatcher intentions) {
    this(generation, identity, chain, privateKey, trust, intentions, null);
  }

  /**
   * @return our leaf certificate
   */
  public X509Certificate leaf() {
    return chain[0];
  }

  /**
   * @return the leaf's serial number
   */
  public BigInteger serial() {
    return leaf().getSerialNumber();
  }

  /**
   * @return the leaf's serial in Consul's colon-hex form
   */
  public String serialHex() {
    return CertificateInfo.colonHex(serial());
  }

  /**
   * @return start of the leaf's validity
   */
  public Instant notBefore() {
    return leaf().getNotBefore().toInstant();
  }

  /**
   * @return end of the leaf's validity
   */
  public Instant notAfter() {
    return leaf().getNotAfter().toInstant();
  }

  /**
   * @return the leaf's lifetime, {@code notAfter - notBefore}
   */
  public Duration lifetime() {
    return Duration.between(notBefore(), notAfter());
  }

  /**
   * @return the chain as a list (a copy)
   */
  public List<X509Certificate> chainList() {
    return List.of(chain);
  }

  /**
   * @param newTrust new roots
   * @return a copy with new roots, same generation
   */
  public MeshState withTrust(TrustBundle newTrust) {
    return new MeshState(
        generation, identity, chain, privateKey, newTrust, intentions, agentAuthorizer);
  }

  /**
   * @param newIntentions new intentions
   * @return a copy with new intentions, same generation
   */
  public MeshState withIntentions(IntentionMatcher newIntentions) {
    return new MeshState(generation, identity, chain, privateKey, trust, newIntentions, null);
  }

  /**
   * @param authorizer the agent fallback, or null to use local intentions
   * @return a copy authorized that way, same generation
   */
  public MeshState withAgentAuthorizer(ConnectionAuthorizer authorizer) {
    return new MeshState(generation, identity, chain, privateKey, trust, intentions, authorizer);
  }

  @Override
  public String toString() {
    return "MeshState[generation="
        + generation
        + ", identity="
        + identity
        + ", serial="
        + serialHex()
        + ", notAfter="
        + notAfter()
        + ", roots="
        + trust.roots().size()
        + "]";
  }
}
