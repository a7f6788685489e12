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

import java.util.Objects;

/**
 * A feature was used whose optional dependency is not on the class path, e.g. the local forwarders
 * without {@code io.nativemesh:nativemesh-sdk-netty} or {@code joinGossip} without {@code
 * io.nativemesh:nativemesh-gossip-lite}. The message names the feature, the missing class and the
 * Maven coordinates to add; {@link #coordinates()} returns them alone. Thrown before any class of
 * the missing jar is touched, instead of a {@link NoClassDefFoundError} from deep inside.
 *
 * @since 0.1.0
 */
public final class MissingDependencyException extends MeshException {
  private static final long serialVersionUID = 1L;
  private final String coordinates;

  /**
   * @param feature what was used, e.g. {@code local forwarders}
   * @param coordinates {@code groupId:artifactId} of the jar to add
   * @param missingClass the class that was looked for
   */
  public MissingDependencyException(String feature, String coordinates, String missingClass) {
    super(
        feature
            + " needs the optional dependency "
            + coordinates
            + ", which is not on the class path (class "
            + missingClass
            + " not found); add it to the build, e.g. Maven <dependency><groupId>"
            + coordinates.substring(0, Math.max(0, coordinates.indexOf(':')))
            + "</groupId><artifactId>"
            + coordinates.substring(coordinates.indexOf(':') + 1)
            + "</artifactId></dependency>");
    this.coordinates = coordinates;
  }

  /**
   * @return {@code groupId:artifactId} of the missing jar
   */
  public String coordinates() {
    return coordinates;
  }

  /**
   * Checks that an optional dependency is present, without initializing any of its classes.
   *
   * @param feature what is about to be used, for the message
   * @param coordinates {@code groupId:artifactId} that provides the classes
   * @param loader the class loader to look in (that of the class about to use them)
   * @param classes fully qualified names of classes the feature needs
   * @throws MissingDependencyException naming the first class that is missing
   */
  public static void require(
      String feature, String coordinates, ClassLoader loader, String... classes) {
    Objects.requireNonNull(coordinates, "coordinates");
    for (String c : classes) {
      try {
        Class.forName(c, false, loader);
      } catch (ClassNotFoundException | LinkageError e) {
        throw new MissingDependencyException(feature, coordinates, c);
      }
    }
  }
}
