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
package io.nativemesh.spring;

/**
 * A {@code nativemesh.*} property has a value the starter cannot use. Thrown while the mesh service
 * bean is created, so start-up fails; the starter's failure analyzer prints {@link #property()},
 * the value and {@link #accepted()}.
 *
 * @since 0.1.0
 */
public class InvalidNativeMeshPropertyException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;
  private final String property;
  private final String value;
  private final String accepted;

  /**
   * @param property the full property name, e.g. {@code nativemesh.registration.check-ttl}
   * @param value the offending value as given (may be null when the property is missing)
   * @param accepted what would be accepted, in words
   */
  public InvalidNativeMeshPropertyException(String property, Object value, String accepted) {
    super("invalid value '" + value + "' for " + property + ": accepted values are " + accepted);
    this.property = property;
    this.value = String.valueOf(value);
    this.accepted = accepted;
  }

  /**
   * @return the full property name
   */
  public String property() {
    return property;
  }

  /**
   * @return the offending value, as text
   */
  public String value() {
    return value;
  }

  /**
   * @return the accepted values, in words
   */
  public String accepted() {
    return accepted;
  }
}
