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

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nativemesh.consul.ConsulClient;
import io.nativemesh.consul.QueryOptions;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** {@code @MeshTest(perTest = true)}: a fresh server for every test method. */
@MeshTest(perTest = true, defaultDeny = false)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MeshTestAnnotationTest {
  private static NativeMesh previous;

  @Test
  @Order(1)
  void first(NativeMesh mesh) {
    previous = mesh;
    assertTrue(
        "allow"
            .equals(
                ConsulClient.join(mesh.client().connectCa().roots(QueryOptions.NONE))
                    .meta()
                    .defaultAclPolicy()));
  }

  @Test
  @Order(2)
  void second(NativeMesh mesh) {
    assertNotSame(previous, mesh);
  }
}
