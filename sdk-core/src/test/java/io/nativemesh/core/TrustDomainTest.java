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
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@link TrustDomain}: SPIFFE trust-domain names, lowercased the way Consul does. */
class TrustDomainTest {
  @Test
  void parseLowercasesAndParseStrictDoesNot() {
    TrustDomain td = TrustDomain.parse("7F0F7C2E-1111-2222-3333-444444444444.Consul");
    assertEquals("7f0f7c2e-1111-2222-3333-444444444444.consul", td.name());
    assertEquals("spiffe://7f0f7c2e-1111-2222-3333-444444444444.consul", td.toSpiffeUri());
    assertEquals(td.name(), td.toString());

    InvalidSpiffeIdException e =
        assertThrows(InvalidSpiffeIdException.class, () -> TrustDomain.parseStrict("ABC.consul"));
    assertEquals("ABC.consul", e.value());
    assertTrue(e.getMessage().contains("invalid character 'A'"), e.getMessage());
  }

  @Test
  void rejectsEmptyMissingAndTooLongNamesNamingTheValue() {
    InvalidSpiffeIdException missing =
        assertThrows(InvalidSpiffeIdException.class, () -> TrustDomain.parse(null));
    assertNull(missing.value());
    assertTrue(missing.getMessage().contains("missing"), missing.getMessage());

    InvalidSpiffeIdException empty =
        assertThrows(InvalidSpiffeIdException.class, () -> TrustDomain.parse(""));
    assertEquals("", empty.value());

    String longName = "a".repeat(256);
    InvalidSpiffeIdException tooLong =
        assertThrows(InvalidSpiffeIdException.class, () -> TrustDomain.parse(longName));
    assertEquals(longName, tooLong.value());
    assertTrue(tooLong.getMessage().contains("longer than 255"), tooLong.getMessage());
    assertEquals(255, TrustDomain.parse("a".repeat(255)).name().length());

    InvalidSpiffeIdException slash =
        assertThrows(InvalidSpiffeIdException.class, () -> TrustDomain.parse("a/b"));
    assertTrue(slash.getMessage().contains("'/'"), slash.getMessage());
  }

  @Test
  void equalityAndOrderFollowTheName() {
    TrustDomain a = TrustDomain.parse("a.consul");
    assertEquals(a, TrustDomain.parse("A.CONSUL"));
    assertEquals(a.hashCode(), TrustDomain.parse("a.consul").hashCode());
    assertNotEquals(a, TrustDomain.parse("b.consul"));
    assertNotEquals(a, (Object) "a.consul");
    assertTrue(a.compareTo(TrustDomain.parse("b.consul")) < 0);
    assertEquals(0, a.compareTo(TrustDomain.parse("a.consul")));
  }
}
