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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nativemesh.core.ServiceIdentity;
import io.nativemesh.core.SpiffeId;
import io.nativemesh.core.intention.HttpRequestAttributes;
import io.nativemesh.core.intention.IntentionDecision;
import io.nativemesh.core.intention.IntentionMatcher;
import io.nativemesh.core.model.Intention;
import io.nativemesh.core.model.IntentionHeaderPermission;
import io.nativemesh.core.model.IntentionHttpPermission;
import io.nativemesh.core.model.IntentionPermission;
import io.nativemesh.tls.metrics.MeshMetrics;
import io.nativemesh.tls.source.AgentAuthorizer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link RequestAuthorizer}: per-request L7 authorization from the current intentions, fail closed
 * before the first state, decisions counted.
 */
class RequestAuthorizerTest {
  private static final ServiceIdentity API = SpiffeId.parse(TestCa.uri("api")).asService();
  private static final ServiceIdentity INTRUDER =
      SpiffeId.parse(TestCa.uri("intruder")).asService();

  private final List<String> decisions = new ArrayList<>();
  private final MeshMetrics metrics =
      new MeshMetrics() {
        @Override
        public void authorization(boolean allowed, String decidedBy) {
          decisions.add((allowed ? "allow" : "deny") + "/" + decidedBy);
        }
      };
  private MeshStateStore store;
  private RequestAuthorizer authorizer;
  private TestCa ca;

  @BeforeEach
  void setUp() throws Exception {
    ca = new TestCa("root");
    store = new MeshStateStore();
    authorizer = new RequestAuthorizer(store, metrics);
  }

  /** api => web: GET under /public allowed, anything with X-Debug denied, the rest unmatched. */
  private static Intention l7(String src) {
    IntentionPermission debugDenied =
        new IntentionPermission(
            "deny",
            new IntentionHttpPermission(
                null,
                "/",
                null,
                null,
                List.of(
                    new IntentionHeaderPermission("X-Debug", true, null, null, null, null, null))));
    IntentionPermission publicGet =
        new IntentionPermission(
            "allow", new IntentionHttpPermission(null, "/public", null, List.of("GET"), null));
    return new Intention(
        null,
        null,
        "default",
        src,
        "default",
        "web",
        "consul",
        null,
        List.of(debugDenied, publicGet),
        null,
        0,
        null,
        null,
        0,
        0);
  }

  private static HttpRequestAttributes req(String method, String path, String... header) {
    return new HttpRequestAttributes(
        method, path, header.length == 0 ? Map.of() : Map.of(header[0], List.of(header[1])));
  }

  @Test
  void beforeTheFirstStateEveryRequestIsRefused() {
    IntentionDecision d = authorizer.authorize(API, req("GET", "/public/x"));

    assertFalse(d.allowed());
    assertEquals("mesh identity not ready; refusing " + TestCa.uri("api"), d.reason());
    assertEquals(List.of("deny/not-ready"), decisions);
  }

  @Test
  void l7PermissionsAreEvaluatedPerRequest() throws Exception {
    store.publish(Fixtures.state(1, ca, "web", List.of(l7("api")), false));

    IntentionDecision get = authorizer.authorize(API, req("get", "/public/index.html"));
    assertTrue(get.allowed(), get.reason());
    assertTrue(get.reason().startsWith("Matched L7 intention: api => web"), get.reason());
    assertTrue(
        get.reason().endsWith("permission 2 (allow) for GET /public/index.html"), get.reason());

    IntentionDecision post = authorizer.authorize(API, req("POST", "/public/index.html"));
    assertFalse(post.allowed(), post.reason());
    assertTrue(
        post.reason()
            .contains(
                "has no permission matching POST /public/index.html; default intention policy is deny"),
        post.reason());

    IntentionDecision debug = authorizer.authorize(API, req("GET", "/public/x", "x-debug", "1"));
    assertFalse(debug.allowed(), "header names are case-insensitive: " + debug.reason());
    assertTrue(debug.reason().contains("permission 1 (deny)"), debug.reason());

    IntentionDecision stranger = authorizer.authorize(INTRUDER, req("GET", "/public/x"));
    assertFalse(stranger.allowed());
    assertEquals(
        "No intention matches intruder => web; default intention policy is deny",
        stranger.reason());

    assertEquals(
        List.of("allow/intention", "deny/intention", "deny/intention", "deny/default-policy"),
        decisions);
  }

  @Test
  void anIntentionChangeAppliesToTheNextRequestOnTheSameConnection() throws Exception {
    store.publish(
        Fixtures.state(1, ca, "web", List.of(Fixtures.intention("api", "web", "allow")), false));
    assertTrue(authorizer.authorize(API, req("DELETE", "/orders/1")).allowed());

    MeshState cur = store.current();
    store.publish(
        cur.withIntentions(
            new IntentionMatcher("web", List.of(Fixtures.intention("api", "web", "deny")), true)));

    IntentionDecision d = authorizer.authorize(API, req("DELETE", "/orders/1"));
    assertFalse(d.allowed());
    assertTrue(d.reason().startsWith("Matched L4 intention: api => web (deny"), d.reason());
  }

  @Test
  void theDefaultPolicyAllowsWhenNothingMatches() throws Exception {
    store.publish(Fixtures.state(1, ca, "web", List.of(), true));

    IntentionDecision d = authorizer.authorize(INTRUDER, req("GET", "/"));

    assertTrue(d.allowed(), d.reason());
    assertEquals(List.of("allow/default-policy"), decisions);
  }

  @Test
  void withTheAgentFallbackRequestsAreAdmittedAtConnectionLevel() throws Exception {
    MeshState s = Fixtures.state(1, ca, "web", List.of(), false);
    AgentAuthorizer agent =
        new AgentAuthorizer(
            null,
            "web",
            Duration.ofSeconds(10),
            Duration.ofSeconds(1),
            Runnable::run,
            Clock.systemUTC());
    store.publish(s.withAgentAuthorizer(agent));

    IntentionDecision d = authorizer.authorize(INTRUDER, req("POST", "/admin"));

    assertTrue(d.allowed(), d.reason());
    assertEquals("authorized by the agent at connection level", d.reason());
    assertEquals(List.of("allow/agent"), decisions);
  }

  @Test
  void aDenialIsLoggedOncePerPeerAndReason() throws Exception {
    store.publish(Fixtures.state(1, ca, "web", List.of(l7("api")), false));
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      for (int i = 0; i < 3; i++) {
        authorizer.authorize(API, req("POST", "/public/a"));
        authorizer.authorize(INTRUDER, req("POST", "/public/a"));
      }
      authorizer.authorize(API, req("GET", "/public/a", "X-Debug", "on"));
    } finally {
      System.setErr(original);
    }
    List<String> warnings =
        Arrays.stream(captured.toString(StandardCharsets.UTF_8).split("\n"))
            .filter(l -> l.contains("denied request"))
            .toList();
    assertEquals(3, warnings.size(), "one line per (peer, reason): " + warnings);
    assertEquals(7, decisions.size(), "every decision is counted even when not logged");
  }
}
