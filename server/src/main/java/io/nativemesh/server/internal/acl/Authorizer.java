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

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The merged rules of everything a token carries (its policies, its roles' policies and the
 * policies Consul synthesizes for service and node identities), answering one question: does this
 * rule set allow, deny, or say nothing about an access (Consul: {@code policyAuthorizer})?
 *
 * <p>Rules for the same resource and name merge with deny first, then write, list, read. A lookup
 * uses the exact rule for the name when there is one, else the longest matching prefix rule; a
 * matched rule decides (a {@code read} rule refuses a write, it does not fall through). {@code
 * mesh} falls back to {@code operator} when no mesh rule is set. Immutable and thread-safe.
 */
public final class Authorizer {
  /** Rules that allow nothing and deny nothing. */
  public static final Authorizer EMPTY = new Authorizer(List.of());

  private final Map<String, Map<String, Access>> exact = new HashMap<>();
  private final Map<String, TreeMap<String, Access>> prefixes = new HashMap<>();

  /**
   * @param rules the rules of every policy to merge
   */
  public Authorizer(List<PolicyRules> rules) {
    for (PolicyRules pr : rules) {
      for (PolicyRules.Rule r : pr.rules()) {
        Map<String, Access> m =
            r.prefix()
                ? prefixes.computeIfAbsent(r.resource(), k -> new TreeMap<>())
                : exact.computeIfAbsent(r.resource(), k -> new HashMap<>());
        m.merge(r.name(), r.access(), Access::merge);
      }
    }
  }

  /**
   * @param resource e.g. {@code key}, {@code service}, {@code intentions}, {@code operator}
   * @param name the segment; ignored for top-level resources
   * @return the disposition of the rule that applies, or null when no rule applies
   */
  public Access lookup(String resource, String name) {
    if (PolicyRules.TOP_LEVEL.contains(resource)) {
      Access a = exact.getOrDefault(resource, Map.of()).get("");
      if (a == null && resource.equals("mesh")) {
        return lookup("operator", "");
      }
      return a;
    }
    String n = name == null ? "" : name;
    Access a = exact.getOrDefault(resource, Map.of()).get(n);
    if (a != null) {
      return a;
    }
    TreeMap<String, Access> p = prefixes.get(resource);
    if (p == null) {
      return null;
    }
    // the longest prefix of n: walk down from the greatest key not above n
    for (Map.Entry<String, Access> e = p.floorEntry(n); e != null; e = p.lowerEntry(e.getKey())) {
      if (n.startsWith(e.getKey())) {
        return e.getValue();
      }
    }
    return null;
  }

  /**
   * @param resource a resource type
   * @param need the access needed
   * @return whether some rule of that resource grants it for at least one name (used by list
   *     endpoints that filter per item)
   */
  public boolean grantsAny(String resource, Access need) {
    List<Map<String, Access>> tiers = new ArrayList<>(2);
    tiers.add(exact.getOrDefault(resource, Map.of()));
    tiers.add(prefixes.getOrDefault(resource, new TreeMap<>()));
    for (Map<String, Access> tier : tiers) {
      for (Access a : tier.values()) {
        if (a.grants(need)) {
          return true;
        }
      }
    }
    return false;
  }
}
