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
package io.nativemesh.vertx.internal;

import io.micrometer.core.instrument.MeterRegistry;
import io.nativemesh.tls.metrics.MeshMetrics;
import io.nativemesh.tls.metrics.MicrometerMeshMetrics;
import io.vertx.core.Vertx;
import io.vertx.micrometer.backends.BackendRegistries;
import java.util.Optional;

/**
 * Vert.x's Micrometer registry, when vertx-micrometer-metrics is on the class path and the Vert.x
 * instance was created with {@code MicrometerMetricsOptions}. Stateless.
 */
public final class VertxMicrometer {
  private VertxMicrometer() {}

  /**
   * @param vertx the Vert.x instance
   * @return mesh metrics reporting to its Micrometer registry, or empty without one
   */
  public static Optional<MeshMetrics> registry(Vertx vertx) {
    if (!vertx.isMetricsEnabled() || !present()) {
      return Optional.empty();
    }
    return Lookup.find();
  }

  private static boolean present() {
    try {
      Class.forName(
          "io.vertx.micrometer.backends.BackendRegistries", false, Vertx.class.getClassLoader());
      Class.forName(
          "io.micrometer.core.instrument.MeterRegistry", false, Vertx.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /** Touches the optional classes only once they are known to be there. */
  private static final class Lookup {
    static Optional<MeshMetrics> find() {
      MeterRegistry r = BackendRegistries.getDefaultNow();
      return r == null ? Optional.empty() : Optional.of(new MicrometerMeshMetrics(r));
    }
  }
}
