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
 * Base of every exception the NativeMesh SDK throws on purpose. Subclasses name the failure domain
 * (an invalid SPIFFE ID, a Consul API error, a TLS verification failure...) and carry the offending
 * value, so a caller can log something a person can act on.
 *
 * <p>Unchecked: mesh failures are usually configuration or environment errors that the immediate
 * caller cannot repair.
 *
 * @since 0.1.0
 */
public class MeshException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what failed, including the offending value
   */
  public MeshException(String message) {
    super(message);
  }

  /**
   * @param message what failed, including the offending value
   * @param cause the underlying failure
   */
  public MeshException(String message, Throwable cause) {
    super(message, cause);
  }
}
