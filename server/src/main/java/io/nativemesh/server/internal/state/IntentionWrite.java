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
package io.nativemesh.server.internal.state;

import io.nativemesh.core.model.Intention;
import java.util.Objects;

/**
 * The result of {@link Command.CreateIntention} and {@link Command.UpdateIntention} (the deprecated
 * ID-based intention endpoints). Immutable.
 *
 * @param outcome what happened
 * @param intention {@link Outcome#WRITTEN}: the stored intention; {@link Outcome#PAIR_TAKEN}: the
 *     intention that already holds the (source, destination) pair, unchanged; {@link
 *     Outcome#NOT_FOUND}: null
 */
public record IntentionWrite(Outcome outcome, Intention intention) {

  /** What an ID-based intention write did. */
  public enum Outcome {
    /** The intention was created or updated. */
    WRITTEN,
    /** Nothing changed: another intention has the (source, destination) pair (Consul: a 409). */
    PAIR_TAKEN,
    /** Nothing changed: no intention has the ID (update only; Consul: a 404). */
    NOT_FOUND
  }

  /**
   * Checks that an intention is present exactly when the outcome has one.
   *
   * @throws IllegalArgumentException if it is not
   */
  public IntentionWrite {
    Objects.requireNonNull(outcome, "outcome");
    if ((intention == null) != (outcome == Outcome.NOT_FOUND)) {
      throw new IllegalArgumentException(outcome + " with intention " + intention);
    }
  }

  /**
   * @param stored the stored intention
   * @return a {@link Outcome#WRITTEN} result
   */
  static IntentionWrite written(Intention stored) {
    return new IntentionWrite(Outcome.WRITTEN, stored);
  }

  /**
   * @param existing the intention holding the pair
   * @return a {@link Outcome#PAIR_TAKEN} result
   */
  static IntentionWrite pairTaken(Intention existing) {
    return new IntentionWrite(Outcome.PAIR_TAKEN, existing);
  }

  /**
   * @return a {@link Outcome#NOT_FOUND} result
   */
  static IntentionWrite notFound() {
    return new IntentionWrite(Outcome.NOT_FOUND, null);
  }
}
