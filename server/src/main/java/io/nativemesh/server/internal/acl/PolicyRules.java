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
package io.nativemesh.server.internal.acl;

import com.bertramlabs.plugins.hcl4j.HCLParser;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The parsed form of one policy's rules in Consul's rules language (Consul: {@code acl/policy.go}),
 * HCL or JSON:
 *
 * <pre>
 * key_prefix "" { policy = "read" }          {"key_prefix": {"": {"policy": "read"}},
 * service "web" { policy = "write"             "service": {"web": {"policy": "write",
 *                 intentions = "read" }                            "intentions": "read"}},
 * operator = "read"                            "operator": "read"}
 * </pre>
 *
 * Segmented resources ({@code key}, {@code service}, {@code node}, {@code session}, {@code agent},
 * {@code event}, {@code query}, each with a {@code _prefix} form) take a block per name with a
 * {@code policy}; {@code service} blocks may add {@code intentions}. Top-level resources ({@code
 * acl}, {@code operator}, {@code mesh}, {@code peering}, {@code keyring}) take a disposition.
 * {@code list} is valid for {@code key} rules only. Anything else is rejected with a message naming
 * it. Immutable and thread-safe.
 *
 * @param rules every rule, in no particular order
 */
public record PolicyRules(List<Rule> rules) {
  /** Resources whose rules are per name (and per prefix with a {@code _prefix} suffix). */
  public static final Set<String> SEGMENTED =
      Set.of("key", "service", "node", "session", "agent", "event", "query");

  /** Resources whose rule is one disposition. */
  public static final Set<String> TOP_LEVEL =
      Set.of("acl", "operator", "mesh", "peering", "keyring");

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One rule.
   *
   * @param resource e.g. {@code key}, {@code intentions} (from a service rule's {@code intentions})
   *     or {@code operator}
   * @param name the segment (empty for top-level resources)
   * @param prefix true for a {@code _prefix} rule
   * @param access the disposition
   */
  public record Rule(String resource, String name, boolean prefix, Access access) {}

  /** Copies the list. */
  public PolicyRules {
    rules = List.copyOf(rules);
  }

  /**
   * @param text rules in HCL or JSON; blank means no rules
   * @return the parsed rules
   * @throws IllegalArgumentException with Consul's {@code Failed to parse ACL rules: …} message
   */
  public static PolicyRules parse(String text) {
    if (text == null || text.isBlank()) {
      return new PolicyRules(List.of());
    }
    Map<String, Object> tree;
    try {
      if (text.stripLeading().startsWith("{")) {
        tree = JSON.readValue(text, new TypeReference<Map<String, Object>>() {});
      } else {
        tree = new HCLParser().parse(text);
      }
    } catch (Exception | NoClassDefFoundError e) {
      throw new IllegalArgumentException("Failed to parse ACL rules: " + e.getMessage(), e);
    }
    List<Rule> out = new ArrayList<>();
    try {
      for (Map.Entry<String, Object> e : tree.entrySet()) {
        addResource(out, e.getKey(), e.getValue());
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Failed to parse ACL rules: " + e.getMessage(), e);
    }
    return new PolicyRules(out);
  }

  private static void addResource(List<Rule> out, String key, Object value) {
    String resource = key.toLowerCase(Locale.ROOT);
    if (TOP_LEVEL.contains(resource)) {
      if (!(value instanceof String s)) {
        throw new IllegalArgumentException(key + " must be a policy string");
      }
      Access a = Access.parse(s);
      if (a == Access.LIST) {
        throw new IllegalArgumentException("Invalid " + key + " policy: list");
      }
      out.add(new Rule(resource, "", false, a));
      return;
    }
    boolean prefix = resource.endsWith("_prefix");
    String base = prefix ? resource.substring(0, resource.length() - "_prefix".length()) : resource;
    if (!SEGMENTED.contains(base)) {
      throw new IllegalArgumentException("Unknown resource " + key);
    }
    for (Object block : blocks(value)) {
      if (!(block instanceof Map<?, ?> named)) {
        throw new IllegalArgumentException(key + " must be a block per name");
      }
      for (Map.Entry<?, ?> e : named.entrySet()) {
        String name = String.valueOf(e.getKey());
        if (!(e.getValue() instanceof Map<?, ?> body)) {
          throw new IllegalArgumentException(key + " \"" + name + "\" must be a block");
        }
        addSegment(out, key, base, name, prefix, body);
      }
    }
  }

  /** HCL repeats of one block type may arrive as a list of maps. */
  private static Collection<?> blocks(Object value) {
    return value instanceof List<?> l ? l : List.of(value);
  }

  private static void addSegment(
      List<Rule> out, String key, String base, String name, boolean prefix, Map<?, ?> body) {
    Access policy = null;
    Access intentions = null;
    for (Map.Entry<?, ?> f : body.entrySet()) {
      String field = String.valueOf(f.getKey()).toLowerCase(Locale.ROOT);
      String v = f.getValue() == null ? null : String.valueOf(f.getValue());
      if (field.equals("policy")) {
        policy = Access.parse(v);
      } else if (field.equals("intentions") && base.equals("service")) {
        intentions = Access.parse(v);
      } else {
        throw new IllegalArgumentException(
            "Unknown field " + f.getKey() + " in " + key + " \"" + name + "\"");
      }
    }
    if (policy == null) {
      throw new IllegalArgumentException(key + " \"" + name + "\" has no policy");
    }
    if (policy == Access.LIST && !base.equals("key")) {
      throw new IllegalArgumentException("Invalid " + key + " policy: list");
    }
    if (intentions == Access.LIST) {
      throw new IllegalArgumentException("Invalid intentions policy: list");
    }
    out.add(new Rule(base, name, prefix, policy));
    if (base.equals("service")) {
      // Consul: a service rule without intentions grants intentions:read with read or write
      Access implied =
          intentions != null ? intentions : policy == Access.DENY ? Access.DENY : Access.READ;
      out.add(new Rule("intentions", name, prefix, implied));
    }
  }
}
