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
 * Thrown when a configuration value (a flag, an environment variable, a builder argument) is
 * invalid. The message names the setting and the offending value.
 *
 * @since 0.1.0
 */
public final class InvalidConfigurationException extends MeshException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message names the setting and the offending value
   */
  public InvalidConfigurationException(String message) {
    super(message);
  }

  /**
   * @param message names the setting and the offending value
   * @param cause the underlying parse failure
   */
  public InvalidConfigurationException(String message, Throwable cause) {
    super(message, cause);
  }
}
