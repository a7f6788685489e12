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
package io.nativemesh.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SpiffeIdTest {
  @Test
  void parsesConsulServiceIdentities() {
    ServiceIdentity s = SpiffeId.parse("SPIFFE://ABC.consul/ns/default/dc/dc1/svc/web").asService();
    assertEquals("abc.consul", s.spiffeId().trustDomain().name());
    assertEquals("web", s.service());
    assertEquals("default", s.partition());
    ServiceIdentity p =
        SpiffeId.parse("spiffe://abc.consul/ap/part1/ns/ns1/dc/dc2/svc/db").asService();
    assertEquals("part1", p.partition());
    assertEquals("dc2", p.datacenter());
    assertTrue(
        s.matches(
            SpiffeId.parse("spiffe://other.consul/ns/default/dc/dc1/svc/WEB").asService(), false));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "http://a/b",
        "spiffe://",
        "spiffe://a:80/x",
        "spiffe://u@a/x",
        "spiffe://a/x?q",
        "spiffe://a/x#f",
        "spiffe://a//x",
        "spiffe://a/x/",
        "spiffe://a/./x",
        "spiffe://a/../x",
        "spiffe://a/x y",
        "spiffe://a b/x"
      })
  void rejectsInvalidIds(String bad) {
    InvalidSpiffeIdException e =
        assertThrows(InvalidSpiffeIdException.class, () -> SpiffeId.parse(bad));
    assertEquals(bad, e.value());
  }

  @Test
  void rejectsNonServicePaths() {
    assertThrows(
        InvalidSpiffeIdException.class,
        () -> SpiffeId.parse("spiffe://a.consul/agent/client/dc/dc1/id/n").asService());
  }
}
