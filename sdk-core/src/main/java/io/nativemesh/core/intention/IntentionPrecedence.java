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

import io.nativemesh.core.model.Intention;
import java.util.Comparator;
import java.util.Objects;

/**
 * Intention precedence and evaluation order, as Consul computes them (Consul: {@code
 * agent/structs/intention.go}, {@code UpdatePrecedence} and {@code IntentionPrecedenceSorter}).
 *
 * <p>Count the exact (non-{@code *}) parts of the destination (namespace, name): 2 gives 9, 1 gives
 * 6, 0 gives 3; subtract the number of wildcard parts of the source. In Consul CE, where the
 * namespace is always {@code default}: exact→exact 9, {@code *}→exact 8, exact→{@code *} 6, {@code
 * *}→{@code *} 5. Stateless and thread-safe.
 *
 * @since 0.1.0
 */
public final class IntentionPrecedence {
  /** The wildcard that matches any name. */
  public static final String WILDCARD = "*";

  /**
   * Evaluation order: higher precedence first, ties broken by (SourceNS, SourceName, DestinationNS,
   * DestinationName) in lexicographic order.
   */
  public static final Comparator<Intention> EVALUATION_ORDER =
      Comparator.comparingInt(IntentionPrecedence::of)
          .reversed()
          .thenComparing(i -> nz(i.sourceNs()))
          .thenComparing(i -> nz(i.sourceName()))
          .thenComparing(i -> nz(i.destinationNs()))
          .thenComparing(i -> nz(i.destinationName()));

  private IntentionPrecedence() {}

  /**
   * @param sourceNs source namespace; null is {@code default}
   * @param sourceName source name or {@code *}
   * @param destinationNs destination namespace; null is {@code default}
   * @param destinationName destination name or {@code *}
   * @return the precedence, 1..9
   */
  public static int compute(
      String sourceNs, String sourceName, String destinationNs, String destinationName) {
    int destExact = exact(destinationNs) + exact(destinationName);
    int base =
        switch (destExact) {
          case 2 -> 9;
          case 1 -> 6;
          default -> 3;
        };
    int srcExact = exact(sourceNs) + exact(sourceName);
    return base - (2 - srcExact);
  }

  /**
   * @param intention an intention
   * @return its precedence, computed from its names (the stored {@code Precedence} is ignored)
   */
  public static int of(Intention intention) {
    return compute(
        intention.sourceNs(),
        intention.sourceName(),
        intention.destinationNs(),
        intention.destinationName());
  }

  private static int exact(String part) {
    return WILDCARD.equals(part) ? 0 : 1;
  }

  private static String nz(String s) {
    return Objects.requireNonNullElse(s, "default");
  }
}
