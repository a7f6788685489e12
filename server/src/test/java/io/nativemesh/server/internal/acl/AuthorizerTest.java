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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class AuthorizerTest {
  private static Authorizer of(String... rules) {
    return new Authorizer(java.util.Arrays.stream(rules).map(PolicyRules::parse).toList());
  }

  @Test
  void exactBeatsPrefixAndLongestPrefixWins() {
    Authorizer a =
        of(
            "key_prefix \"\" { policy = \"read\" }\nkey_prefix \"a/\" { policy = \"write\" }\n"
                + "key_prefix \"a/b/\" { policy = \"deny\" }\nkey \"a/b/c\" { policy = \"list\" }");
    assertEquals(Access.READ, a.lookup("key", "x"));
    assertEquals(Access.WRITE, a.lookup("key", "a/x"));
    assertEquals(Access.DENY, a.lookup("key", "a/b/x"));
    assertEquals(Access.LIST, a.lookup("key", "a/b/c"));
    assertEquals(Access.DENY, a.lookup("key", "a/b/cd"));
    assertNull(a.lookup("service", "web"));
  }

  @Test
  void mergingPrefersDenyThenWrite() {
    Authorizer a =
        of(
            "service \"web\" { policy = \"read\" }",
            "service \"web\" { policy = \"write\" }\nnode \"n\" { policy = \"write\" }",
            "node \"n\" { policy = \"deny\" }");
    assertEquals(Access.WRITE, a.lookup("service", "web"));
    assertEquals(Access.DENY, a.lookup("node", "n"));
  }

  @Test
  void serviceRulesImplyIntentionReadAndMeshFallsBackToOperator() {
    Authorizer a =
        of(
            "service \"web\" { policy = \"write\" }\nservice \"db\" {\n policy = \"read\"\n"
                + "intentions = \"write\" }\noperator = \"read\"");
    assertEquals(Access.READ, a.lookup("intentions", "web"));
    assertEquals(Access.WRITE, a.lookup("intentions", "db"));
    assertEquals(Access.READ, a.lookup("mesh", null));
    assertEquals(Access.WRITE, of("mesh = \"write\"\noperator = \"read\"").lookup("mesh", null));
  }

  @Test
  void jsonAndHclAreTheSameRules() {
    assertEquals(
        PolicyRules.parse("{\"agent_prefix\":{\"\":{\"policy\":\"read\"}},\"acl\":\"read\"}")
            .rules()
            .stream()
            .sorted(java.util.Comparator.comparing(Object::toString))
            .toList(),
        PolicyRules.parse("agent_prefix \"\" {\n  policy = \"read\"\n}\nacl = \"read\"")
            .rules()
            .stream()
            .sorted(java.util.Comparator.comparing(Object::toString))
            .toList());
  }

  @Test
  void badRulesNameTheProblem() {
    for (String bad :
        List.of(
            "key \"a\" { policy = \"maybe\" }",
            "service \"a\" { policy = \"list\" }",
            "widget \"a\" { policy = \"read\" }",
            "operator = \"list\"",
            "key \"a\" { colour = \"red\" }")) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> PolicyRules.parse(bad), bad);
      assertTrue(e.getMessage().startsWith("Failed to parse ACL rules: "), e.getMessage());
    }
  }

  @Test
  void grants() {
    assertTrue(Access.LIST.grants(Access.READ));
    assertTrue(!Access.READ.grants(Access.LIST));
    assertTrue(!Access.DENY.grants(Access.READ));
    assertTrue(Access.WRITE.grants(Access.LIST));
  }
}
