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
package io.nativemesh.spring.boot3;

import io.nativemesh.spring.AbstractBundleBenchmark;

/** {@link AbstractBundleBenchmark} on Spring Boot 3.x (bench profile). */
class BundleBenchmarkBoot3IT extends AbstractBundleBenchmark {
  @Override
  protected Class<?> reactorNettyServer() {
    return ReactorNettyServer.class;
  }

  @Override
  protected String line() {
    return "3.5";
  }
}
