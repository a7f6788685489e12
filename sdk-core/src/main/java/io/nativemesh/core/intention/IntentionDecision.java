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

/**
 * The outcome of evaluating intentions for one source and destination.
 *
 * @param allowed whether the source may connect
 * @param reason human-readable: which intention decided, or that the default policy did; suitable
 *     for logs and TLS alert messages
 * @param intention the deciding intention, or null when the default policy decided
 * @since 0.1.0
 */
public record IntentionDecision(boolean allowed, String reason, Intention intention) {

  /**
   * @return true if no intention matched and the default policy decided
   */
  public boolean byDefaultPolicy() {
    return intention == null;
  }
}
