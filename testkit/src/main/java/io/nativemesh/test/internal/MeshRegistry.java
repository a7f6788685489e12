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
package io.nativemesh.test.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The per-class meshes running now, by test class: the testkit extension publishes a mesh's address
 * and management token in {@code beforeAll} and withdraws them in {@code afterAll}, so that
 * framework glue (the Spring test context customizer) started from the same test class finds them
 * without the test writing properties. Thread-safe.
 */
public final class MeshRegistry {
  private static final Map<Class<?>, Entry> RUNNING = new ConcurrentHashMap<>();

  private MeshRegistry() {}

  /** What a test class's mesh offers the glue; {@code onClose} runs before the mesh closes. */
  public record Entry(String address, String managementToken, List<Runnable> onClose) {}

  /**
   * @param testClass the test class the mesh is started for
   * @param address the address the code under test should use
   * @param managementToken the management token
   */
  public static void publish(Class<?> testClass, String address, String managementToken) {
    RUNNING.put(testClass, new Entry(address, managementToken, new ArrayList<>()));
  }

  /**
   * @param testClass a test class, or a {@code @Nested} class inside one
   * @return the mesh of that class or of the nearest enclosing class that has one
   */
  public static Optional<Entry> find(Class<?> testClass) {
    for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
      Entry e = RUNNING.get(c);
      if (e != null) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }

  /**
   * Removes the class's mesh and runs its close hooks, last registered first; a failing hook does
   * not keep the others from running.
   *
   * @param testClass the test class
   */
  public static void withdraw(Class<?> testClass) {
    Entry e = RUNNING.remove(testClass);
    if (e == null) {
      return;
    }
    List<Runnable> hooks;
    synchronized (e.onClose()) {
      hooks = new ArrayList<>(e.onClose());
    }
    for (int i = hooks.size() - 1; i >= 0; i--) {
      try {
        hooks.get(i).run();
      } catch (RuntimeException ignored) {
        // the mesh closes regardless
      }
    }
  }

  /**
   * @param entry a published mesh
   * @param hook runs when the mesh's class finishes, before the mesh closes
   */
  public static void onClose(Entry entry, Runnable hook) {
    synchronized (entry.onClose()) {
      entry.onClose().add(hook);
    }
  }
}
