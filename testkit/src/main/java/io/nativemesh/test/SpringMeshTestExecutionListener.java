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
package io.nativemesh.test;

import io.nativemesh.test.internal.MeshRegistry;
import org.springframework.test.annotation.DirtiesContext.HierarchyMode;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.TestExecutionListener;

/**
 * Spring TestContext glue, registered in {@code META-INF/spring.factories} beside {@link
 * SpringMeshContextCustomizerFactory}: when a test class's per-class mesh closes, its Spring
 * application context is closed first (so the application deregisters while the server still runs)
 * and removed from Spring's context cache, as {@code @DirtiesContext} would. Spring instantiates it
 * reflectively; not for direct use.
 */
final class SpringMeshTestExecutionListener implements TestExecutionListener {
  private static final String HOOKED = SpringMeshTestExecutionListener.class.getName() + ".hooked";

  @Override
  public void prepareTestInstance(TestContext testContext) {
    if (testContext.hasAttribute(HOOKED)) {
      return;
    }
    MeshRegistry.find(testContext.getTestClass())
        .ifPresent(
            mesh -> {
              testContext.setAttribute(HOOKED, Boolean.TRUE);
              MeshRegistry.onClose(
                  mesh,
                  () -> {
                    if (testContext.hasApplicationContext()) {
                      testContext.markApplicationContextDirty(HierarchyMode.EXHAUSTIVE);
                    }
                  });
            });
  }
}
