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

/**
 * Thrown when a string is not a valid SPIFFE ID, or not the kind of SPIFFE ID required (for example
 * a Consul service identity). {@link #value()} is the rejected input.
 *
 * @since 0.1.0
 */
public final class InvalidSpiffeIdException extends MeshException {
  private static final long serialVersionUID = 1L;
  private final String value;

  /**
   * @param value the rejected input, verbatim
   * @param reason why it was rejected
   */
  public InvalidSpiffeIdException(String value, String reason) {
    super("invalid SPIFFE ID '" + value + "': " + reason);
    this.value = value;
  }

  /**
   * @return the rejected input, verbatim (may be {@code null})
   */
  public String value() {
    return value;
  }
}
