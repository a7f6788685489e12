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

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link GoDuration}: Go's {@code time.ParseDuration} and {@code Duration.String()} as Consul uses
 * them.
 */
class GoDurationTest {
  @ParameterizedTest
  @CsvSource({
    "10s, PT10S",
    "72h, PT72H",
    "1h30m, PT1H30M",
    "1.5h, PT1H30M",
    "500ms, PT0.5S",
    "250us, PT0.00025S",
    "250µs, PT0.00025S",
    "7ns, PT0.000000007S",
    "-2m, PT-2M",
    "+3s, PT3S",
    "0, PT0S",
    "-0, PT0S",
    "1m0.25s, PT1M0.25S"
  })
  void parsesGoDurations(String go, String iso) {
    assertEquals(Duration.parse(iso), GoDuration.parse(go));
  }

  @ParameterizedTest
  @CsvSource({
    "'', 'invalid duration '''': empty'",
    "-, 'invalid duration ''-'''",
    "10, 'invalid duration ''10'': missing unit'",
    "10d, 'invalid duration ''10d'': unknown unit ''d'''",
    "s, 'invalid duration ''s'': expected a number at offset 0'",
    "1..2s, 'invalid duration ''1..2s'': bad number ''1..2'''",
    "9999999999999h, 'invalid duration ''9999999999999h'': overflow'"
  })
  void rejectsNamingTheInput(String bad, String message) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> GoDuration.parse(bad));
    assertEquals(message, e.getMessage());
  }

  @Test
  void rejectsNull() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> GoDuration.parse(null));
    assertEquals("invalid duration 'null': empty", e.getMessage());
  }

  @ParameterizedTest
  @CsvSource({
    "PT0S, 0s",
    "PT0.5S, 500ms",
    "PT0.00025S, 250us",
    "PT0.000000007S, 7ns",
    "PT1.5S, 1.5s",
    "PT1.025S, 1.025s",
    "PT1M30S, 1m30s",
    "PT72H, 72h0m0s",
    "PT25H1M1.1S, 25h1m1.1s"
  })
  void formatsLikeGo(String iso, String go) {
    assertEquals(go, GoDuration.format(Duration.parse(iso)));
  }

  @Test
  void formatThenParseIsTheIdentity() {
    for (Duration d :
        new Duration[] {
          Duration.ofMillis(1), Duration.ofSeconds(59), Duration.ofMinutes(61), Duration.ofHours(72)
        }) {
      assertEquals(d, GoDuration.parse(GoDuration.format(d)), GoDuration.format(d));
    }
  }
}
