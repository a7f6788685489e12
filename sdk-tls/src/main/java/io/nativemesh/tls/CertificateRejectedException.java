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

import java.security.cert.CertificateException;

/**
 * A peer certificate (or our own leaf) was refused. Thrown from the trust manager during the TLS
 * handshake, so it extends {@link CertificateException}; {@link #reason()} says which rule failed
 * and the message names the offending value (SPIFFE ID, serial, dates, intention).
 *
 * @since 0.1.0
 */
public final class CertificateRejectedException extends CertificateException {
  private static final long serialVersionUID = 1L;

  /** Why a certificate was refused. */
  public enum Reason {
    /** The mesh has no leaf or no roots yet. */
    NOT_READY,
    /**
     * The chain does not validate against any trusted root (foreign CA, truncated chain, bad
     * signature).
     */
    CHAIN_INVALID,
    /** The leaf's validity ended. */
    EXPIRED,
    /** The leaf's validity has not started. */
    NOT_YET_VALID,
    /** The leaf is a CA certificate (basicConstraints CA:true). */
    CA_LEAF,
    /** The leaf does not have exactly one URI SAN. */
    URI_SAN_COUNT,
    /** The URI SAN is not a valid SPIFFE ID, or not a service identity. */
    INVALID_SPIFFE_ID,
    /** The leaf lacks the extended key usage this direction needs. */
    WRONG_EKU,
    /** The trust domain is not ours (strict trust-domain mode). */
    WRONG_TRUST_DOMAIN,
    /** The server is not the service the client dialled. */
    WRONG_SERVICE,
    /** An intention (or the default policy) denies the client. */
    DENIED_BY_INTENTION,
    /** The leaf's public key does not match the private key it came with. */
    KEY_MISMATCH
  }

  private final Reason reason;

  /**
   * @param reason the failed rule
   * @param message names the offending value
   */
  public CertificateRejectedException(Reason reason, String message) {
    super(reason + ": " + message);
    this.reason = reason;
  }

  /**
   * @param reason the failed rule
   * @param message names the offending value
   * @param cause the underlying failure
   */
  public CertificateRejectedException(Reason reason, String message, Throwable cause) {
    super(reason + ": " + message, cause);
    this.reason = reason;
  }

  /**
   * @return the failed rule
   */
  public Reason reason() {
    return reason;
  }
}
