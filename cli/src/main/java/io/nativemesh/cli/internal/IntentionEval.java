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
package io.nativemesh.cli.internal;

import io.nativemesh.consul.ConsulApiException;
import io.nativemesh.consul.ConsulClient;
import io.nativemesh.consul.QueryOptions;
import io.nativemesh.consul.QueryResult;
import io.nativemesh.core.ServiceIdentity;
import io.nativemesh.core.intention.HttpRequestAttributes;
import io.nativemesh.core.intention.IntentionDecision;
import io.nativemesh.core.intention.IntentionMatcher;
import io.nativemesh.core.intention.IntentionPrecedence;
import io.nativemesh.core.model.AuthorizeRequest;
import io.nativemesh.core.model.AuthorizeResponse;
import io.nativemesh.core.model.Intention;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The intention decision for a source and a destination, computed the way the destination's SDK
 * computes it: the intentions matching the destination ({@code /v1/connect/intentions/match}) in
 * precedence order, the first whose source matches deciding, else the default policy ({@code
 * X-Consul-Default-ACL-Policy}; unknown means deny, as the SDK fails closed). When the token may
 * not read intentions, the agent is asked ({@code /v1/agent/connect/authorize}) as the SDK then
 * does.
 */
final class IntentionEval {
  private IntentionEval() {}

  /**
   * Adds an {@code intention} step.
   *
   * @param c the agent
   * @param r the report
   * @param source the caller's identity
   * @param destination destination name
   * @param l7 an HTTP request to decide for, or null for the connection (L4) decision
   * @return the decision, or null if it could not be made
   */
  static IntentionDecision add(
      ConsulClient c,
      Report r,
      ServiceIdentity source,
      String destination,
      HttpRequestAttributes l7) {
    QueryResult<Map<String, List<Intention>>> m;
    try {
      m = ConsulClient.join(c.intentions().matchDestination(destination, QueryOptions.NONE));
    } catch (ConsulApiException e) {
      if (e.statusCode() != 403) {
        throw e;
      }
      return viaAgent(c, r, source, destination, e);
    }
    List<Intention> list =
        m.value() == null ? List.of() : m.value().getOrDefault(destination, List.of());
    String policy = m.meta().defaultAclPolicy();
    boolean defaultAllow = "allow".equalsIgnoreCase(policy);
    IntentionMatcher matcher = new IntentionMatcher(destination, list, defaultAllow);
    IntentionDecision d =
        l7 == null ? matcher.decide(source, false) : matcher.decideRequest(source, l7);
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("decision", d.allowed() ? "allow" : "deny");
    if (d.intention() != null) {
      Intention i = d.intention();
      details.put(
          "decidingRule",
          i.sourceName()
              + " => "
              + i.destinationName()
              + " ("
              + (i.isL7() ? "L7" : i.action())
              + ")");
      details.put("precedence", i.precedence() != 0 ? i.precedence() : IntentionPrecedence.of(i));
      if (i.id() != null) {
        details.put("intentionId", i.id());
      }
    } else {
      details.put(
          "decidingRule",
          "default intention policy ("
              + (policy == null ? "not sent by the agent: deny, as the SDK fails closed" : policy)
              + ")");
    }
    List<String> considered = new ArrayList<>();
    for (Intention i : matcher.ordered()) {
      considered.add(
          i.describe()
              + (IntentionMatcher.sourceMatches(i, source)
                  ? "  <- matches " + source.service()
                  : ""));
    }
    details.put("intentionsForDestination", considered.isEmpty() ? "(none)" : considered);
    r.add("intention", d.allowed() ? Report.Status.PASS : Report.Status.FAIL, d.reason())
        .putAll(details);
    return d;
  }

  private static IntentionDecision viaAgent(
      ConsulClient c, Report r, ServiceIdentity source, String destination, ConsulApiException e) {
    try {
      AuthorizeResponse a =
          c.connectCa()
              .authorize(new AuthorizeRequest(destination, source.spiffeId().toString(), null));
      r.add(
          "intention",
          a.authorized() ? Report.Status.PASS : Report.Status.FAIL,
          "the token may not read intentions for "
              + destination
              + " ("
              + MeshCommand.describeApiError(e)
              + "); the agent's authorize endpoint says: "
              + a.reason(),
          "decision",
          a.authorized() ? "allow" : "deny");
      return new IntentionDecision(a.authorized(), a.reason(), null);
    } catch (ConsulApiException e2) {
      r.add(
          "intention",
          Report.Status.FAIL,
          "cannot evaluate: the token may neither read intentions for "
              + destination
              + " ("
              + MeshCommand.describeApiError(e)
              + ") nor call the agent's authorize endpoint ("
              + MeshCommand.describeApiError(e2)
              + ")");
      return null;
    }
  }
}
