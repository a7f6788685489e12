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
package io.nativemesh.core.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * A leaf certificate ({@code IssuedCert}); Consul API: {@code GET
 * /v1/agent/connect/ca/leaf/:service}.
 *
 * @param serialNumber colon-hex serial, e.g. {@code "0f:a3"}
 * @param certPem the leaf PEM followed by the active root's intermediates (duplicates possible,
 *     Consul issue #7018)
 * @param privateKeyPem the leaf's private key, SEC1 {@code EC PRIVATE KEY} PEM from Consul (PKCS#8
 *     also accepted)
 * @param service the service name the leaf was issued for
 * @param serviceUri the leaf's SPIFFE ID
 * @param validAfter start of validity
 * @param validBefore end of validity
 * @param createIndex Raft index of issuance
 * @param modifyIndex Raft index of issuance (the blocking index of the leaf endpoint)
 * @since 0.1.0
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record IssuedCert(
    @JsonProperty("SerialNumber") String serialNumber,
    @JsonProperty("CertPEM") String certPem,
    @JsonProperty("PrivateKeyPEM") String privateKeyPem,
    @JsonProperty("Service") String service,
    @JsonProperty("ServiceURI") String serviceUri,
    @JsonProperty("ValidAfter") Instant validAfter,
    @JsonProperty("ValidBefore") Instant validBefore,
    @JsonProperty("CreateIndex") long createIndex,
    @JsonProperty("ModifyIndex") long modifyIndex) {

  @Override
  public String toString() {
    // never print the private key
    return "IssuedCert[serial="
        + serialNumber
        + ", service="
        + service
        + ", uri="
        + serviceUri
        + ", validAfter="
        + validAfter
        + ", validBefore="
        + validBefore
        + ", modifyIndex="
        + modifyIndex
        + "]";
  }
}
