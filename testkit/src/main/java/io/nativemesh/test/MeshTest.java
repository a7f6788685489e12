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

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the annotated test class against a real mesh: the companion server in-process on a free
 * loopback port, injected as a {@link NativeMesh} parameter (of test methods, lifecycle methods or
 * the constructor). For more options register {@link NativeMeshExtension} with {@code
 * RegisterExtension} instead.
 *
 * <pre>{@code
 * @MeshTest
 * class GreetingTest {
 *   @Test
 *   void callsName(NativeMesh mesh) {
 *     mesh.upstream("name").start();
 *     mesh.allow("greeting", "name");
 *     // point the code under test at mesh.address() with mesh.managementToken()
 *   }
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(NativeMeshExtension.class)
public @interface MeshTest {
  /**
   * @return true for one server per test method, false (default) for one per test class
   */
  boolean perTest() default false;

  /**
   * @return true to enforce ACLs (default policy deny; {@link NativeMesh#managementToken()} is the
   *     initial management token)
   */
  boolean acl() default false;

  /**
   * @return true when intentions default to deny (a zero-trust mesh); false allows by default
   */
  boolean defaultDeny() default true;
}
