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
package io.nativemesh.server.internal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nativemesh.core.GoDuration;
import io.nativemesh.core.InvalidConfigurationException;
import io.nativemesh.server.DefaultIntentionPolicy;
import io.nativemesh.server.HttpLimits;
import io.nativemesh.server.ServerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Consul agent configuration files ({@code -config-file}, {@code -config-dir}) in JSON or HCL
 * ({@code .hcl}, read by {@link HclConfig} into the same tree). Read keys: {@code ports.http},
 * {@code node_name}, {@code datacenter}, {@code data_dir}, {@code client_addr}, {@code bind_addr},
 * {@code session_ttl_min}, {@code acl} ({@code enabled}, {@code default_policy}, {@code
 * tokens.initial_management}) and {@code connect.ca_config} ({@code leaf_cert_ttl}, {@code
 * csr_max_per_second}, {@code private_key}, {@code root_cert}, {@code private_key_type}, {@code
 * private_key_bits}). Other keys produce a warning. A directory contributes its {@code *.json} and
 * {@code *.hcl} files in lexical order (Consul's order); command-line flags are applied after the
 * files and win. Invalid values name the file and the key. Stateless and thread-safe.
 */
final class ConfigFiles {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> TOP =
      Set.of(
          "ports",
          "node_name",
          "datacenter",
          "data_dir",
          "client_addr",
          "bind_addr",
          "connect",
          "session_ttl_min",
          "acl",
          "limits",
          "enable_script_checks",
          "enable_local_script_checks");

  private ConfigFiles() {}

  /**
   * @param dir a config directory
   * @return its configuration files in load order
   * @throws InvalidConfigurationException if it cannot be listed
   */
  static List<Path> listDir(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new InvalidConfigurationException(
          "config directory '" + dir + "' does not exist or is not a directory");
    }
    try (Stream<Path> s = Files.list(dir)) {
      List<Path> out = new ArrayList<>();
      for (Path p : s.sorted().toList()) {
        String n = p.getFileName().toString();
        if ((n.endsWith(".json") || n.endsWith(".hcl")) && Files.isRegularFile(p)) {
          out.add(p);
        }
      }
      return out;
    } catch (IOException e) {
      throw new InvalidConfigurationException(
          "cannot read config directory '" + dir + "': " + e.getMessage());
    }
  }

  /**
   * Applies one file to the builder.
   *
   * @param file the file
   * @param b the builder
   * @param warnings receives warnings for ignored keys
   * @throws InvalidConfigurationException naming the file and key for anything invalid
   */
  static void apply(Path file, ServerConfig.Builder b, List<String> warnings) {
    JsonNode root =
        file.getFileName().toString().endsWith(".hcl") ? HclConfig.read(file) : readJson(file);
    if (root == null || !root.isObject()) {
      throw new InvalidConfigurationException("config file '" + file + "': expected a JSON object");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String k = e.getKey();
      JsonNode v = e.getValue();
      if (!TOP.contains(k)) {
        warnings.add("warning: " + file + ": ignoring unsupported key '" + k + "'");
        continue;
      }
      switch (k) {
        case "ports" -> {
          JsonNode http = v.get("http");
          if (http != null) {
            if (!http.isInt()) {
              throw invalid(file, "ports.http", http);
            }
            b.httpPort(http.asInt());
          }
          v.fieldNames()
              .forEachRemaining(
                  p -> {
                    if (!p.equals("http")) {
                      warnings.add(
                          "warning: "
                              + file
                              + ": ignoring ports."
                              + p
                              + " (only the HTTP API is served)");
                    }
                  });
        }
        case "node_name" -> b.nodeName(text(file, k, v));
        case "datacenter" -> b.datacenter(text(file, k, v));
        case "data_dir" -> b.dataDir(Path.of(text(file, k, v)));
        case "client_addr" -> b.bindAddress(text(file, k, v));
        case "bind_addr" -> text(file, k, v); // cluster address: there is no cluster port to bind
        case "session_ttl_min" -> b.sessionTtlMin(duration(file, k, v));
        case "connect" -> connect(file, v, b, warnings);
        case "acl" -> acl(file, v, b, warnings);
        case "limits" -> limits(file, v, b, warnings);
        case "enable_script_checks" -> b.enableScriptChecks(bool(file, k, v));
        case "enable_local_script_checks" -> b.enableLocalScriptChecks(bool(file, k, v));
        default -> throw new IllegalStateException(k);
      }
    }
  }

  private static JsonNode readJson(Path file) {
    try {
      return JSON.readTree(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new InvalidConfigurationException(
          "cannot read config file '"
              + file
              + "': "
              + e.getMessage()
              + (file.getFileName().toString().endsWith(".json")
                  ? ""
                  : " (JSON is assumed for files not ending in .hcl)"));
    }
  }

  private static void connect(
      Path file, JsonNode connect, ServerConfig.Builder b, List<String> warnings) {
    JsonNode ca = connect.get("ca_config");
    if (ca == null) {
      return;
    }
    String key = null;
    String root = null;
    String keyType = null;
    Integer keyBits = null;
    for (Iterator<Map.Entry<String, JsonNode>> it = ca.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String name = "connect.ca_config." + e.getKey();
      switch (e.getKey()) {
        case "leaf_cert_ttl" -> b.leafCertTtl(duration(file, name, e.getValue()));
        case "csr_max_per_second" -> {
          if (!e.getValue().isNumber()) {
            throw invalid(file, name, e.getValue());
          }
          b.csrMaxPerSecond(e.getValue().asDouble());
        }
        case "private_key" -> key = text(file, name, e.getValue());
        case "root_cert" -> root = text(file, name, e.getValue());
        case "private_key_type" -> keyType = text(file, name, e.getValue());
        case "private_key_bits" -> {
          if (!e.getValue().canConvertToInt()) {
            throw invalid(file, name, e.getValue());
          }
          keyBits = e.getValue().asInt();
        }
        default -> warnings.add("warning: " + file + ": ignoring unsupported key '" + name + "'");
      }
    }
    if (key != null || root != null) {
      b.caKeyMaterial(key, root);
    }
    if (keyType != null || keyBits != null) {
      String type = keyType == null ? "ec" : keyType;
      int bits = keyBits != null ? keyBits : "rsa".equals(type) ? 2048 : 256;
      try {
        b.caKeyType(type, bits);
      } catch (IllegalArgumentException ex) {
        throw new InvalidConfigurationException(
            "config file '" + file + "': connect.ca_config: " + ex.getMessage());
      }
    }
  }

  private static void acl(Path file, JsonNode acl, ServerConfig.Builder b, List<String> warnings) {
    boolean enabled = false;
    DefaultIntentionPolicy policy = DefaultIntentionPolicy.ALLOW;
    String management = null;
    for (Iterator<Map.Entry<String, JsonNode>> it = acl.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String name = "acl." + e.getKey();
      switch (e.getKey()) {
        case "enabled" -> {
          if (!e.getValue().isBoolean()) {
            throw invalid(file, name, e.getValue());
          }
          enabled = e.getValue().asBoolean();
        }
        case "default_policy" -> {
          try {
            policy = DefaultIntentionPolicy.parse(text(file, name, e.getValue()));
          } catch (RuntimeException ex) {
            throw invalid(file, name, e.getValue());
          }
        }
        case "tokens" -> {
          for (Iterator<Map.Entry<String, JsonNode>> t = e.getValue().fields(); t.hasNext(); ) {
            Map.Entry<String, JsonNode> te = t.next();
            if (te.getKey().equals("initial_management") || te.getKey().equals("master")) {
              management = text(file, "acl.tokens." + te.getKey(), te.getValue());
            } else {
              warnings.add(
                  "warning: "
                      + file
                      + ": ignoring unsupported key 'acl.tokens."
                      + te.getKey()
                      + "'");
            }
          }
        }
        default -> warnings.add("warning: " + file + ": ignoring unsupported key '" + name + "'");
      }
    }
    b.acl(enabled, policy, management);
  }

  /**
   * {@code limits}: {@code http_max_conns_per_client} (Consul's, default 200) and {@code
   * http_max_conns} (this server's overall limit); other Consul limits are ignored with a warning.
   */
  private static void limits(
      Path file, JsonNode limits, ServerConfig.Builder b, List<String> warnings) {
    HttpLimits d = HttpLimits.defaults();
    int perClient = d.maxConnsPerClient();
    int total = d.maxConns();
    for (Iterator<Map.Entry<String, JsonNode>> it = limits.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String name = "limits." + e.getKey();
      switch (e.getKey()) {
        case "http_max_conns_per_client" -> perClient = positiveInt(file, name, e.getValue());
        case "http_max_conns" -> total = positiveInt(file, name, e.getValue());
        default -> warnings.add("warning: " + file + ": ignoring unsupported key '" + name + "'");
      }
    }
    b.httpLimits(new HttpLimits(perClient, total));
  }

  private static int positiveInt(Path file, String key, JsonNode v) {
    if (!v.isInt() || v.asInt() < 1) {
      throw invalid(file, key, v);
    }
    return v.asInt();
  }

  private static String text(Path file, String key, JsonNode v) {
    if (!v.isTextual()) {
      throw invalid(file, key, v);
    }
    return v.asText();
  }

  private static Duration duration(Path file, String key, JsonNode v) {
    try {
      return GoDuration.parse(text(file, key, v));
    } catch (IllegalArgumentException e) {
      throw invalid(file, key, v);
    }
  }

  private static boolean bool(Path file, String key, JsonNode v) {
    if (!v.isBoolean()) {
      throw invalid(file, key, v);
    }
    return v.asBoolean();
  }

  private static InvalidConfigurationException invalid(Path file, String key, JsonNode v) {
    return new InvalidConfigurationException(
        "config file '" + file + "': invalid value " + v + " for '" + key + "'");
  }
}
