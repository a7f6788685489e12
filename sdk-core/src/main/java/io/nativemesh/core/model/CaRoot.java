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
import java.util.List;

/**
 * One Connect CA root ({@code CARoot}); Consul API: {@code GET /v1/agent/connect/ca/roots}.
 *
 * @param id colon-hex SHA-1 fingerprint of the root certificate
 * @param name e.g. {@code "Consul CA Primary Cert"}
 * @param serialNumber the root certificate's serial number
 * @param signingKeyId colon-hex key ID of the certificate that signs leaves (root or last
 *     intermediate)
 * @param externalTrustDomain the issuing cluster ID (UUID, without {@code .consul})
 * @param notBefore start of validity
 * @param notAfter end of validity
 * @param rootCert the root certificate, PEM
 * @param intermediateCerts PEM intermediates (cross-signed first, signing intermediate last), may
 *     be null
 * @param active exactly one root in a response is active
 * @param privateKeyType {@code "ec"} or {@code "rsa"}
 * @param privateKeyBits e.g. 256
 * @param createIndex Raft index of creation
 * @param modifyIndex Raft index of last modification
 * @since 0.1.0
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CaRoot(
    @JsonProperty("ID") String id,
    @JsonProperty("Name") String name,
    @JsonProperty("SerialNumber") long serialNumber,
    @JsonProperty("SigningKeyID") String signingKeyId,
    @JsonProperty("ExternalTrustDomain") String externalTrustDomain,
    @JsonProperty("NotBefore") Instant notBefore,
    @JsonProperty("NotAfter") Instant notAfter,
    @JsonProperty("RootCert") String rootCert,
    @JsonProperty("IntermediateCerts") List<String> intermediateCerts,
    @JsonProperty("Active") boolean active,
    @JsonProperty("PrivateKeyType") String privateKeyType,
    @JsonProperty("PrivateKeyBits") int privateKeyBits,
    @JsonProperty("CreateIndex") long createIndex,
    @JsonProperty("ModifyIndex") long modifyIndex) {}
