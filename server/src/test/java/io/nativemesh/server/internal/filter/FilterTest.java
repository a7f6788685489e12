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
package io.nativemesh.server.internal.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nativemesh.server.internal.http.HttpError;
import org.junit.jupiter.api.Test;

class FilterTest {
  private static final JsonNode ROW =
      parse(
          """
      {"Service":"web","Port":8080,"Tags":["v1","eu"],"Meta":{"env":"prod","empty":""},
       "Connect":{"Native":true},"Checks":[{"Status":"passing"},{"Status":"critical"}]}""");

  private static JsonNode parse(String json) {
    try {
      return new ObjectMapper().readTree(json);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean eval(String expr) {
    return Filter.parse(expr).matches(ROW);
  }

  @Test
  void operators() {
    assertTrue(eval("Service == web"));
    assertTrue(eval("Service == \"web\""));
    assertTrue(eval("Service != `api`"));
    assertTrue(eval("Port == 8080"));
    assertTrue(eval("Connect.Native == true"));
    assertTrue(eval("v1 in Tags"));
    assertTrue(eval("\"us\" not in Tags"));
    assertTrue(eval("Tags contains eu"));
    assertTrue(eval("Tags not contains us"));
    assertTrue(eval("Meta.env == prod"));
    assertTrue(eval("Meta.empty is empty"));
    assertTrue(eval("Meta.missing is empty"));
    assertTrue(eval("Meta is not empty"));
    assertTrue(eval("env in Meta"));
    assertTrue(eval("Checks.Status == critical"));
    assertTrue(eval("Checks.Status contains passing"));
    assertFalse(eval("Checks.Status == warning"));
    assertTrue(eval("Service matches \"^w.b$\""));
    assertTrue(eval("Service == api or (v1 in Tags and not (Meta.env == dev))"));
    assertFalse(eval("Service == api or Port != 8080"));
    assertTrue(eval("not Service == api and Service == web"));
  }

  @Test
  void unsupportedSyntaxIs400() {
    for (String bad :
        new String[] {
          "Service ==",
          "Port > 5",
          "Service = web",
          "(Service == web",
          "== web",
          "Service web",
          "Meta[\"x\"] == y",
          "Service == web and",
          "Service matches \"(\""
        }) {
      HttpError e = assertThrows(HttpError.class, () -> Filter.parse(bad), bad);
      assertEquals(400, e.status().code());
      assertTrue(
          e.getMessage().startsWith("Failed to create boolean expression evaluator: "),
          e.getMessage());
    }
  }
}
