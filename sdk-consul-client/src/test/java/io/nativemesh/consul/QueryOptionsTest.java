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
package io.nativemesh.consul;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link QueryOptions}: Consul API blocking-query parameters ({@code index}, {@code wait}, {@code
 * hash}).
 */
class QueryOptionsTest {
  @Test
  void negativeIndexIsRejectedNamingTheValue() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> QueryOptions.NONE.blocking(-1, null));
    assertEquals("blocking index must be >= 0, was -1", e.getMessage());
  }

  @Test
  void waitAboveConsulsTenMinuteCapIsRejected() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> QueryOptions.NONE.blocking(1, Duration.ofMinutes(11)));
    assertEquals("wait must be between 0 and 10m, was PT11M", e.getMessage());
    assertEquals(
        Duration.ofMinutes(10), QueryOptions.NONE.blocking(1, Duration.ofMinutes(10)).waitTime());
  }

  @Test
  void waitIsSentOnlyWithAnIndexOrAHash() {
    QueryOptions o =
        new QueryOptions(0, null, Duration.ofSeconds(5), "dc2", true, Map.of("tag", "v1"));
    assertFalse(o.isBlocking());
    assertEquals(Map.of("tag", "v1", "dc", "dc2", "stale", ""), o.toParams());

    QueryOptions b = o.blocking(7, Duration.ofSeconds(5));
    assertTrue(b.isBlocking());
    assertEquals(
        Map.of("tag", "v1", "index", "7", "wait", "5000ms", "dc", "dc2", "stale", ""),
        b.toParams());

    QueryOptions h = b.hashBlocking("abc", Duration.ofMillis(250));
    assertEquals(0, h.index(), "hash blocking drops the index");
    assertEquals(
        Map.of("tag", "v1", "hash", "abc", "wait", "250ms", "dc", "dc2", "stale", ""),
        h.toParams());
  }

  @Test
  void variantsLeaveTheOriginalUnchanged() {
    QueryOptions base = QueryOptions.NONE.withParam("passing", "");
    QueryOptions dc = base.withDatacenter("dc3").withParam("tag", "blue");
    assertEquals(Map.of("passing", ""), base.toParams());
    assertEquals(Map.of("passing", "", "tag", "blue", "dc", "dc3"), dc.toParams());
    assertEquals(Map.of(), QueryOptions.NONE.toParams());
  }

  @Test
  void extraParametersAreCopied() {
    Map<String, String> m = new HashMap<>(Map.of("a", "1"));
    QueryOptions o = new QueryOptions(0, null, null, null, false, m);
    m.put("b", "2");
    assertEquals(Map.of("a", "1"), o.extra());
    assertThrows(UnsupportedOperationException.class, () -> o.extra().put("c", "3"));
  }

  @Test
  void toStringShowsParametersAndTheGoWait() {
    assertEquals(
        "QueryOptions{index=7, wait=5000ms} wait=5s",
        QueryOptions.NONE.blocking(7, Duration.ofSeconds(5)).toString());
    assertEquals("QueryOptions{}", QueryOptions.NONE.toString());
  }
}
