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
package io.nativemesh.core.intention;

import io.nativemesh.core.ServiceIdentity;
import io.nativemesh.core.model.Intention;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Evaluates intentions for a destination the way Consul's {@code /v1/agent/connect/authorize} does
 * (Consul: {@code agent/connect_auth.go}): the first intention in evaluation order whose source
 * matches the client wins; an L4 intention decides by its {@code Action}; an L7 intention (with
 * {@code Permissions}) denies at connection level unless the caller enforces L7 per request; when
 * nothing matches, the default policy decides.
 *
 * <p>Immutable and thread-safe; build one per intentions snapshot and reuse it on every handshake.
 *
 * @since 0.1.0
 */
public final class IntentionMatcher {
  private final String destination;
  private final List<Intention> ordered;
  private final boolean defaultAllow;

  /**
   * @param destination the destination service name (for reasons)
   * @param intentions intentions whose destination matches {@code destination}, in any order
   * @param defaultAllow decision when nothing matches ({@code X-Consul-Default-ACL-Policy: allow})
   */
  public IntentionMatcher(String destination, List<Intention> intentions, boolean defaultAllow) {
    this.destination = destination;
    List<Intention> copy = new ArrayList<>(intentions);
    copy.sort(IntentionPrecedence.EVALUATION_ORDER);
    this.ordered = List.copyOf(copy);
    this.defaultAllow = defaultAllow;
  }

  /**
   * @return the intentions in evaluation order
   */
  public List<Intention> ordered() {
    return ordered;
  }

  /**
   * @return the default decision
   */
  public boolean defaultAllow() {
    return defaultAllow;
  }

  /**
   * Connection-level (L4) decision.
   *
   * @param source the client's identity
   * @param l7EnforcedPerRequest if true, an L7 intention admits the connection (its permissions are
   *     then checked per request); if false it denies, as Consul does
   * @return the decision with a reason naming the intention or the default policy
   */
  public IntentionDecision decide(ServiceIdentity source, boolean l7EnforcedPerRequest) {
    for (Intention i : ordered) {
      if (!sourceMatches(i, source)) {
        continue;
      }
      if (i.isL7()) {
        boolean ok = l7EnforcedPerRequest;
        return new IntentionDecision(
            ok,
            "Matched L7 intention: "
                + i.describe()
                + (ok
                    ? "; permissions enforced per request"
                    : "; L7 intentions deny at connection level"),
            i);
      }
      boolean allow = "allow".equalsIgnoreCase(i.action());
      return new IntentionDecision(allow, "Matched L4 intention: " + i.describe(), i);
    }
    return new IntentionDecision(
        defaultAllow,
        "No intention matches "
            + source.service()
            + " => "
            + destination
            + "; default intention policy is "
            + (defaultAllow ? "allow" : "deny"),
        null);
  }

  /**
   * Request-level (L7) decision, for HTTP integrations that call it with the peer's identity on
   * every request. The first intention whose source matches decides: an L4 intention by its action;
   * an L7 intention by its first matching permission, and by the default policy when no permission
   * matches.
   *
   * @param source the client's identity (from the TLS session)
   * @param request method, path and headers
   * @return the decision with a reason naming the intention and permission, or the default policy
   */
  public IntentionDecision decideRequest(ServiceIdentity source, HttpRequestAttributes request) {
    for (Intention i : ordered) {
      if (!sourceMatches(i, source)) {
        continue;
      }
      if (!i.isL7()) {
        boolean allow = "allow".equalsIgnoreCase(i.action());
        return new IntentionDecision(allow, "Matched L4 intention: " + i.describe(), i);
      }
      var p = L7Evaluator.firstMatch(i.permissions(), request);
      if (p != null) {
        boolean allow = "allow".equalsIgnoreCase(p.action());
        int n = i.permissions().indexOf(p) + 1;
        return new IntentionDecision(
            allow,
            "Matched L7 intention: "
                + i.describe()
                + ", permission "
                + n
                + " ("
                + p.action()
                + ") for "
                + request.method()
                + " "
                + request.path(),
            i);
      }
      return new IntentionDecision(
          defaultAllow,
          "L7 intention "
              + i.describe()
              + " has no permission matching "
              + request.method()
              + " "
              + request.path()
              + "; default intention policy is "
              + (defaultAllow ? "allow" : "deny"),
          i);
    }
    return new IntentionDecision(
        defaultAllow,
        "No intention matches "
            + source.service()
            + " => "
            + destination
            + "; default intention policy is "
            + (defaultAllow ? "allow" : "deny"),
        null);
  }

  /**
   * @param intention an intention
   * @param source a client identity
   * @return true if the intention's source (namespace and name, {@code *} allowed) matches
   */
  public static boolean sourceMatches(Intention intention, ServiceIdentity source) {
    return partMatches(intention.sourceNs(), source.namespace())
        && partMatches(intention.sourceName(), source.service());
  }

  /**
   * @param intention an intention
   * @param namespace destination namespace
   * @param name destination service name
   * @return true if the intention's destination matches
   */
  public static boolean destinationMatches(Intention intention, String namespace, String name) {
    return partMatches(intention.destinationNs(), namespace)
        && partMatches(intention.destinationName(), name);
  }

  private static boolean partMatches(String pattern, String value) {
    if (pattern == null || pattern.isEmpty()) {
      pattern = "default";
    }
    return IntentionPrecedence.WILDCARD.equals(pattern)
        || pattern.toLowerCase(Locale.ROOT).equals(value.toLowerCase(Locale.ROOT));
  }
}
