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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nativemesh.core.ServiceIdentity;
import io.nativemesh.core.SpiffeId;
import io.nativemesh.core.model.Intention;
import io.nativemesh.core.model.IntentionHeaderPermission;
import io.nativemesh.core.model.IntentionHttpPermission;
import io.nativemesh.core.model.IntentionPermission;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IntentionMatcherTest {
  static Intention l4(String src, String dst, String action) {
    return new Intention(
        null, null, "default", src, "default", dst, "consul", action, null, null, 0, null, null, 0,
        0);
  }

  static Intention l7(String src, String dst, IntentionPermission... p) {
    return new Intention(
        null,
        null,
        "default",
        src,
        "default",
        dst,
        "consul",
        null,
        List.of(p),
        null,
        0,
        null,
        null,
        0,
        0);
  }

  static ServiceIdentity id(String svc) {
    return SpiffeId.parse("spiffe://td.consul/ns/default/dc/dc1/svc/" + svc).asService();
  }

  @Test
  void precedenceFollowsConsul() {
    assertEquals(9, IntentionPrecedence.compute("default", "a", "default", "b"));
    assertEquals(8, IntentionPrecedence.compute("default", "*", "default", "b"));
    assertEquals(6, IntentionPrecedence.compute("default", "a", "default", "*"));
    assertEquals(5, IntentionPrecedence.compute("default", "*", "default", "*"));
  }

  @Test
  void exactBeatsWildcardWhateverTheInputOrder() {
    IntentionMatcher m =
        new IntentionMatcher(
            "web",
            List.of(l4("*", "*", "deny"), l4("*", "web", "deny"), l4("api", "web", "allow")),
            false);
    assertTrue(m.decide(id("api"), false).allowed());
    IntentionDecision d = m.decide(id("other"), false);
    assertFalse(d.allowed());
    assertTrue(d.reason().contains("* => web (deny, precedence 8)"), d.reason());
    assertTrue(new IntentionMatcher("web", List.of(), true).decide(id("x"), false).allowed());
  }

  @Test
  void l7DeniesAtConnectionLevelUnlessEnforcedPerRequest() {
    IntentionMatcher m =
        new IntentionMatcher(
            "web",
            List.of(
                l7(
                    "api",
                    "web",
                    new IntentionPermission(
                        "allow",
                        new IntentionHttpPermission(
                            null, "/public/", null, List.of("GET"), null)))),
            false);
    assertFalse(m.decide(id("api"), false).allowed());
    assertTrue(m.decide(id("api"), true).allowed());
  }

  @Test
  void l7PermissionsTopDownThenDefault() {
    IntentionMatcher m =
        new IntentionMatcher(
            "web",
            List.of(
                l7(
                    "api",
                    "web",
                    new IntentionPermission(
                        "deny", new IntentionHttpPermission("/admin", null, null, null, null)),
                    new IntentionPermission(
                        "allow",
                        new IntentionHttpPermission(
                            null,
                            "/",
                            null,
                            List.of("GET", "HEAD"),
                            List.of(
                                new IntentionHeaderPermission(
                                    "x-tenant", null, null, "t-", null, null, null)))),
                    new IntentionPermission(
                        "allow",
                        new IntentionHttpPermission(
                            null, null, "/orders/[0-9]+", List.of("PUT"), null)))),
            false);
    Map<String, List<String>> tenant = Map.of("X-Tenant", List.of("t-1"));
    assertFalse(
        m.decideRequest(id("api"), new HttpRequestAttributes("GET", "/admin", tenant)).allowed());
    assertTrue(
        m.decideRequest(id("api"), new HttpRequestAttributes("get", "/x", tenant)).allowed());
    assertFalse(
        m.decideRequest(id("api"), new HttpRequestAttributes("GET", "/x", Map.of()))
            .allowed()); // header missing -> default deny
    assertFalse(
        m.decideRequest(id("api"), new HttpRequestAttributes("POST", "/x", tenant)).allowed());
    assertTrue(
        m.decideRequest(id("api"), new HttpRequestAttributes("PUT", "/orders/42", Map.of()))
            .allowed());
    IntentionDecision d =
        m.decideRequest(id("api"), new HttpRequestAttributes("PUT", "/orders/4x2", Map.of()));
    assertFalse(d.allowed());
    assertTrue(
        d.reason()
            .contains("no permission matching PUT /orders/4x2; default intention policy is deny"),
        d.reason());
    assertFalse(
        m.decideRequest(id("other"), new HttpRequestAttributes("GET", "/x", tenant)).allowed());
  }
}
