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

import io.nativemesh.core.GoDuration;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The Connect CA configuration (Consul: {@code structs.CAConfiguration} with the built-in
 * provider's {@code ConsulCAProviderConfig}), as {@code GET/PUT /v1/connect/ca/configuration} carry
 * it. Immutable.
 *
 * <p>Only the built-in provider ({@code "consul"}) exists here. A user-supplied {@code PrivateKey}
 * is kept so that a later PUT with the same key is recognised as "no key change"; it is never
 * served (the GET answer omits it, unlike Consul, which returns it to {@code operator:read}
 * holders).
 *
 * @param provider always {@code consul}
 * @param leafCertTtl {@code LeafCertTTL}
 * @param intermediateCertTtl {@code IntermediateCertTTL} (kept and reported; the built-in provider
 *     signs leaves with the root, so no intermediate is issued)
 * @param rootCertTtl {@code RootCertTTL}, validity of generated roots
 * @param privateKeyType {@code ec} or {@code rsa}: the key type of generated roots and of leaves
 * @param privateKeyBits 256 for {@code ec}; 2048 or 4096 for {@code rsa}
 * @param csrMaxPerSecond {@code CSRMaxPerSecond}; 0 disables the rate limit
 * @param csrMaxConcurrent {@code CSRMaxConcurrent}; reported, enforced only as Consul does (when
 *     the rate limit is 0)
 * @param privateKeyPem the user-supplied key PEM, or null when the key was generated
 * @param rootCertPem the user-supplied root PEM, or null
 * @param forceWithoutCrossSigning {@code ForceWithoutCrossSigning} as last PUT (we always
 *     cross-sign)
 * @param createIndex index of the first configuration
 * @param modifyIndex index of the last change
 */
public record CaConfig(
    String provider,
    Duration leafCertTtl,
    Duration intermediateCertTtl,
    Duration rootCertTtl,
    String privateKeyType,
    int privateKeyBits,
    double csrMaxPerSecond,
    int csrMaxConcurrent,
    String privateKeyPem,
    String rootCertPem,
    boolean forceWithoutCrossSigning,
    long createIndex,
    long modifyIndex) {
  /** Consul's default {@code IntermediateCertTTL}: 8760 h. */
  public static final Duration DEFAULT_INTERMEDIATE_TTL = Duration.ofHours(8760);

  /** Consul's default {@code RootCertTTL}: 87600 h. */
  public static final Duration DEFAULT_ROOT_TTL = Duration.ofHours(87600);

  /** Validates non-null fields. */
  public CaConfig {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(leafCertTtl, "leafCertTtl");
    Objects.requireNonNull(intermediateCertTtl, "intermediateCertTtl");
    Objects.requireNonNull(rootCertTtl, "rootCertTtl");
    Objects.requireNonNull(privateKeyType, "privateKeyType");
  }

  /**
   * @param leafCertTtl the leaf TTL
   * @param csrMaxPerSecond the CSR rate limit, 0 = none
   * @return the built-in provider's defaults (Consul: {@code agent/structs/connect_ca.go})
   */
  public static CaConfig defaults(Duration leafCertTtl, double csrMaxPerSecond) {
    return new CaConfig(
        "consul",
        leafCertTtl,
        DEFAULT_INTERMEDIATE_TTL,
        DEFAULT_ROOT_TTL,
        "ec",
        256,
        csrMaxPerSecond,
        0,
        null,
        null,
        false,
        0,
        0);
  }

  /**
   * @param create the create index
   * @param modify the modify index
   * @return a copy with the indexes replaced
   */
  public CaConfig withIndexes(long create, long modify) {
    return new CaConfig(
        provider,
        leafCertTtl,
        intermediateCertTtl,
        rootCertTtl,
        privateKeyType,
        privateKeyBits,
        csrMaxPerSecond,
        csrMaxConcurrent,
        privateKeyPem,
        rootCertPem,
        forceWithoutCrossSigning,
        create,
        modify);
  }

  /**
   * Consul API: the body of {@code GET /v1/connect/ca/configuration}. Durations are Go duration
   * strings; {@code PrivateKey} is never included.
   *
   * @return {@code {Provider, Config, State, ForceWithoutCrossSigning, CreateIndex, ModifyIndex}}
   */
  public Map<String, Object> toWire() {
    Map<String, Object> cfg = new LinkedHashMap<>();
    cfg.put("LeafCertTTL", GoDuration.format(leafCertTtl));
    cfg.put("IntermediateCertTTL", GoDuration.format(intermediateCertTtl));
    cfg.put("RootCertTTL", GoDuration.format(rootCertTtl));
    cfg.put("PrivateKeyType", privateKeyType);
    cfg.put("PrivateKeyBits", privateKeyBits);
    cfg.put("CSRMaxPerSecond", csrMaxPerSecond);
    cfg.put("CSRMaxConcurrent", csrMaxConcurrent);
    if (rootCertPem != null) {
      cfg.put("RootCert", rootCertPem);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("Provider", provider);
    out.put("Config", cfg);
    out.put("State", null);
    out.put("ForceWithoutCrossSigning", forceWithoutCrossSigning);
    out.put("CreateIndex", createIndex);
    out.put("ModifyIndex", modifyIndex);
    return out;
  }

  /** Never prints the private key. */
  @Override
  public String toString() {
    return "CaConfig[provider="
        + provider
        + ", leafCertTtl="
        + GoDuration.format(leafCertTtl)
        + ", keyType="
        + privateKeyType
        + "/"
        + privateKeyBits
        + ", csrMaxPerSecond="
        + csrMaxPerSecond
        + ", userKey="
        + (privateKeyPem != null)
        + ", modifyIndex="
        + modifyIndex
        + "]";
  }
}
