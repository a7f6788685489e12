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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.nativemesh.core.GoDuration;
import io.nativemesh.server.internal.state.CaConfig;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Reads the body of {@code PUT /v1/connect/ca/configuration} (Consul: {@code
 * structs.CAConfiguration} with {@code ConsulCAProviderConfig}) and applies Consul's validation
 * rules ({@code agent/structs/connect_ca.go}): {@code LeafCertTTL} 1 h … 8760 h (1 s minimum in dev
 * mode), {@code IntermediateCertTTL} ≥ 3 h and ≥ 3 × {@code LeafCertTTL} (outside dev mode), {@code
 * RootCertTTL} ≥ {@code IntermediateCertTTL}. As in Consul a PUT replaces the whole configuration:
 * omitted settings take the server's defaults. Durations are Go duration strings or integer
 * nanoseconds. Unknown keys are rejected rather than silently dropped. Only the built-in provider
 * ({@code consul}) is available; {@code PrivateKeyType} is {@code ec} (256 bits, the default) or
 * {@code rsa} (2048, the default, or 4096 bits) and governs generated roots and every leaf.
 * Stateless and thread-safe.
 */
public final class CaConfigParser {
  private static final Set<String> TOP =
      Set.of(
          "Provider",
          "Config",
          "State",
          "ForceWithoutCrossSigning",
          "ClusterID",
          "CreateIndex",
          "ModifyIndex");
  private static final Set<String> KEYS =
      Set.of(
          "LeafCertTTL",
          "IntermediateCertTTL",
          "RootCertTTL",
          "PrivateKeyType",
          "PrivateKeyBits",
          "CSRMaxPerSecond",
          "CSRMaxConcurrent",
          "PrivateKey",
          "RootCert",
          "RotationPeriod",
          "DisableCrossSigning",
          "ClusterID");
  private static final Duration MIN_INTERMEDIATE = Duration.ofHours(3);

  private CaConfigParser() {}

  /**
   * @param body the request body as a JSON tree
   * @param defaults the server's defaults for omitted settings
   * @param clusterId our cluster ID (a {@code ClusterID} in the body must equal it)
   * @param dev dev mode (relaxed TTL minimums)
   * @return the configuration, indexes 0
   * @throws IllegalArgumentException with a user-facing reason for anything invalid
   */
  public static CaConfig parse(JsonNode body, CaConfig defaults, String clusterId, boolean dev) {
    if (body == null || !body.isObject()) {
      throw new IllegalArgumentException("Request decode failed: expected a JSON object");
    }
    for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!TOP.contains(k)) {
        throw new IllegalArgumentException("Request decode failed: unknown field \"" + k + "\"");
      }
    }
    String provider = text(body, "Provider", "consul");
    if (!"consul".equals(provider)) {
      throw new IllegalArgumentException(
          "unsupported CA provider \""
              + provider
              + "\": this server has only the built-in provider \"consul\"");
    }
    boolean force = bool(body, "ForceWithoutCrossSigning");
    requireCluster(body, clusterId);
    JsonNode cfg = body.get("Config");
    if (cfg == null || cfg.isNull()) {
      cfg = JsonNodeFactory.instance.objectNode();
    }
    if (!cfg.isObject()) {
      throw new IllegalArgumentException("Config must be an object");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = cfg.fields(); it.hasNext(); ) {
      String k = it.next().getKey();
      if (!KEYS.contains(k)) {
        throw new IllegalArgumentException(
            "unknown CA config key \"" + k + "\" for provider \"consul\"");
      }
    }
    requireCluster(cfg, clusterId);
    Duration leaf = duration(cfg, "LeafCertTTL", defaults.leafCertTtl());
    Duration intermediate = duration(cfg, "IntermediateCertTTL", defaults.intermediateCertTtl());
    Duration root = duration(cfg, "RootCertTTL", defaults.rootCertTtl());
    duration(cfg, "RotationPeriod", Duration.ZERO); // deprecated in Consul, accepted and ignored
    bool(cfg, "DisableCrossSigning"); // we always cross-sign
    String keyType = text(cfg, "PrivateKeyType", "ec");
    if (!"ec".equals(keyType) && !"rsa".equals(keyType)) {
      throw new IllegalArgumentException(
          "PrivateKeyType \"" + keyType + "\" is not supported: use \"ec\" or \"rsa\"");
    }
    boolean rsa = "rsa".equals(keyType);
    long bits = integer(cfg, "PrivateKeyBits", rsa ? 2048 : 256);
    if (rsa ? bits != 2048 && bits != 4096 : bits != 256) {
      throw new IllegalArgumentException(
          "PrivateKeyBits "
              + bits
              + " is not supported for PrivateKeyType \""
              + keyType
              + (rsa ? "\" (use 2048 or 4096)" : "\" (ec keys are 256 bits)"));
    }
    double rate = number(cfg, "CSRMaxPerSecond", defaults.csrMaxPerSecond());
    long concurrent = integer(cfg, "CSRMaxConcurrent", 0);
    if (rate < 0 || Double.isNaN(rate) || Double.isInfinite(rate)) {
      throw new IllegalArgumentException("CSRMaxPerSecond must be a non-negative number");
    }
    if (concurrent < 0 || concurrent > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("CSRMaxConcurrent must be a non-negative integer");
    }
    String key = emptyToNull(text(cfg, "PrivateKey", null));
    String rootCert = emptyToNull(text(cfg, "RootCert", null));
    if (rootCert != null && key == null) {
      throw new IllegalArgumentException("RootCert requires PrivateKey");
    }
    Duration minLeaf = dev ? Duration.ofSeconds(1) : Duration.ofHours(1);
    if (leaf.compareTo(minLeaf) < 0 || leaf.compareTo(Duration.ofHours(8760)) > 0) {
      throw new IllegalArgumentException(
          "LeafCertTTL must be between "
              + GoDuration.format(minLeaf)
              + " and 8760h0m0s, got "
              + GoDuration.format(leaf));
    }
    if (!dev
        && (intermediate.compareTo(MIN_INTERMEDIATE) < 0
            || intermediate.compareTo(leaf.multipliedBy(3)) < 0)) {
      throw new IllegalArgumentException(
          "IntermediateCertTTL must be at least 3h0m0s and at least 3 times LeafCertTTL, got "
              + GoDuration.format(intermediate));
    }
    if (root.compareTo(intermediate) < 0) {
      throw new IllegalArgumentException(
          "RootCertTTL must be greater than or equal to IntermediateCertTTL, got "
              + GoDuration.format(root));
    }
    if (key != null) {
      KeyMaterial.parseKeyPair(key);
    }
    return new CaConfig(
        "consul",
        leaf,
        intermediate,
        root,
        keyType,
        (int) bits,
        rate,
        (int) concurrent,
        key,
        rootCert,
        force,
        0,
        0);
  }

  private static void requireCluster(JsonNode n, String clusterId) {
    JsonNode c = n.get("ClusterID");
    if (c != null
        && !c.isNull()
        && !(c.isTextual() && (c.asText().isEmpty() || c.asText().equals(clusterId)))) {
      throw new IllegalArgumentException("ClusterID cannot be changed (ours is " + clusterId + ")");
    }
  }

  private static String emptyToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  private static String text(JsonNode n, String name, String dflt) {
    JsonNode v = n.get(name);
    if (v == null || v.isNull()) {
      return dflt;
    }
    if (!v.isTextual()) {
      throw new IllegalArgumentException(name + " must be a string");
    }
    return v.asText();
  }

  private static boolean bool(JsonNode n, String name) {
    JsonNode v = n.get(name);
    if (v == null || v.isNull()) {
      return false;
    }
    if (!v.isBoolean()) {
      throw new IllegalArgumentException(name + " must be a boolean");
    }
    return v.asBoolean();
  }

  private static long integer(JsonNode n, String name, long dflt) {
    JsonNode v = n.get(name);
    if (v == null || v.isNull()) {
      return dflt;
    }
    if (v.isIntegralNumber() && v.canConvertToLong()) {
      return v.asLong();
    }
    if (v.isTextual()) { // Consul decodes the provider config weakly typed ("256")
      try {
        return Long.parseLong(v.asText().trim());
      } catch (NumberFormatException e) {
        // fall through
      }
    }
    throw new IllegalArgumentException(name + " must be an integer");
  }

  private static double number(JsonNode n, String name, double dflt) {
    JsonNode v = n.get(name);
    if (v == null || v.isNull()) {
      return dflt;
    }
    if (v.isNumber()) {
      return v.asDouble();
    }
    if (v.isTextual()) {
      try {
        return Double.parseDouble(v.asText().trim());
      } catch (NumberFormatException e) {
        // fall through
      }
    }
    throw new IllegalArgumentException(name + " must be a number");
  }

  private static Duration duration(JsonNode n, String name, Duration dflt) {
    JsonNode v = n.get(name);
    if (v == null || v.isNull()) {
      return dflt;
    }
    if (v.isIntegralNumber() && v.canConvertToLong()) {
      if (v.asLong() < 0) {
        throw new IllegalArgumentException(name + " must not be negative");
      }
      return Duration.ofNanos(v.asLong());
    }
    if (v.isTextual()) {
      try {
        Duration d = GoDuration.parse(v.asText());
        if (d.isNegative()) {
          throw new IllegalArgumentException(name + " must not be negative");
        }
        return d;
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(name + ": invalid duration \"" + v.asText() + "\"");
      }
    }
    throw new IllegalArgumentException(name + " must be a duration string such as \"72h\"");
  }
}
