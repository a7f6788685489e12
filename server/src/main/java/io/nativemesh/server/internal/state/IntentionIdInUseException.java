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

/**
 * A write would give a new intention an ID that another intention already has (a client-supplied
 * {@code LegacyID} racing another write). The command is rejected before it is logged; the state is
 * unchanged. The HTTP layer answers 409 with this message.
 */
public final class IntentionIdInUseException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /**
   * @param id the intention ID (a UUID) that is taken
   */
  public IntentionIdInUseException(String id) {
    super("intention ID " + id + " is already in use");
  }
}
