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
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Map;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ReflectionSupport;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Spring TestContext glue, registered in {@code META-INF/spring.factories} and loaded only by
 * spring-test (an optional dependency of the testkit): for a test class with a per-class mesh
 * ({@link MeshTest}, or a static {@link NativeMeshExtension} field), the application context gets
 * the starter's {@code nativemesh.consul.address} and {@code nativemesh.consul.token} (property
 * names of the NativeMesh Spring Boot starter) as its first property source, ahead of the
 * application's own files and {@code @SpringBootTest(properties)}.
 *
 * <p>The customizer's identity is the test class: each such class gets its own context (a cached
 * context of another class would point at a closed server), which {@link
 * SpringMeshTestExecutionListener} closes when the class's mesh closes. Spring instantiates the
 * factory reflectively; not for direct use.
 */
final class SpringMeshContextCustomizerFactory implements ContextCustomizerFactory {
  /** Property of the starter: the server's HTTP address. */
  static final String ADDRESS = "nativemesh.consul.address";

  /** Property of the starter: the ACL token. */
  static final String TOKEN = "nativemesh.consul.token";

  @Override
  public ContextCustomizer createContextCustomizer(
      Class<?> testClass, List<ContextConfigurationAttributes> configAttributes) {
    for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
      if (usesMesh(c)) {
        return new Customizer(testClass);
      }
    }
    return null;
  }

  private static boolean usesMesh(Class<?> c) {
    return AnnotationSupport.isAnnotated(c, MeshTest.class)
        || !ReflectionSupport.findFields(
                c,
                f ->
                    Modifier.isStatic(f.getModifiers())
                        && NativeMeshExtension.class.isAssignableFrom(f.getType()),
                HierarchyTraversalMode.TOP_DOWN)
            .isEmpty();
  }

  /** Adds the mesh's address and token; equal for the same test class (the context cache key). */
  private record Customizer(Class<?> testClass) implements ContextCustomizer {
    @Override
    public void customizeContext(
        ConfigurableApplicationContext context, MergedContextConfiguration merged) {
      MeshRegistry.Entry mesh =
          MeshRegistry.find(testClass)
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "no per-class NativeMesh is running for "
                              + testClass.getName()
                              + " when Spring creates its application context: the mesh must be"
                              + " per class (@MeshTest without perTest, or a static"
                              + " @RegisterExtension NativeMeshExtension field) and the test"
                              + " instance lifecycle PER_METHOD (the default)"));
      context
          .getEnvironment()
          .getPropertySources()
          .addFirst(
              new MapPropertySource(
                  "nativemesh-test",
                  Map.of(ADDRESS, mesh.address(), TOKEN, mesh.managementToken())));
    }
  }
}
