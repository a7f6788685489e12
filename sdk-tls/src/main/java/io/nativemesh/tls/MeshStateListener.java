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
package io.nativemesh.tls;

/**
 * Told after a new {@link MeshState} is published. Runs on the publishing thread (a watch
 * callback); must be quick and must not block.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface MeshStateListener {
  /**
   * @param previous the state before, or null for the first publication
   * @param current the state now in force
   */
  void onStateChanged(MeshState previous, MeshState current);
}
