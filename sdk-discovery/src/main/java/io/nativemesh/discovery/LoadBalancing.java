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
package io.nativemesh.discovery;

/**
 * How an upstream's next instance is chosen among the healthy, non-ejected ones.
 *
 * @since 0.1.0
 */
public enum LoadBalancing {
  /** Each instance in turn (catalog order); equal shares when every call is alike. */
  ROUND_ROBIN,
  /** Uniformly at random. */
  RANDOM,
  /**
   * Power of two choices: two instances at random, the one with fewer outstanding requests or
   * connections wins. Steers load away from slow instances without global coordination.
   */
  LEAST_OUTSTANDING
}
