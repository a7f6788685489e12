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
package io.nativemesh.vertx;

import io.nativemesh.MeshService;
import io.nativemesh.tls.MeshState;
import io.nativemesh.tls.Readiness;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;

/**
 * The mesh readiness as a vertx-health-checks procedure: {@code UP} while the service holds a valid
 * leaf that chains to the current roots, {@code DOWN} with the reason otherwise (not loaded yet,
 * expired, roots rotated away). Reads in-memory state only. Stateless.
 *
 * <pre>{@code
 * HealthChecks checks = HealthChecks.create(vertx);
 * MeshHealthChecks.register(checks, mesh);
 * router.get("/health").handler(HealthCheckHandler.createWithHealthChecks(checks));
 * }</pre>
 *
 * @since 0.1.0
 */
public final class MeshHealthChecks {
  /** The procedure's name. */
  public static final String NAME = "nativemesh";

  private MeshHealthChecks() {}

  /**
   * @param mesh the Vert.x mesh
   * @return the procedure: {@code OK} with {@code service}, {@code spiffeId}, {@code leafExpires}
   *     (ISO-8601), {@code roots}; {@code KO} with {@code service} and {@code reason}
   */
  public static Handler<Promise<Status>> procedure(VertxMesh mesh) {
    MeshService m = mesh.meshService();
    return p -> {
      Readiness r = m.readiness();
      MeshState s = m.state();
      JsonObject data = new JsonObject().put("service", m.serviceName());
      if (!r.ready() || s == null) {
        p.complete(Status.KO(data.put("reason", r.reason())));
        return;
      }
      p.complete(
          Status.OK(
              data.put("spiffeId", s.identity().spiffeId().toString())
                  .put("leafExpires", s.notAfter().toString())
                  .put("roots", s.trust().roots().size())));
    };
  }

  /**
   * Registers {@link #procedure} under {@value #NAME}.
   *
   * @param checks the health checks
   * @param mesh the Vert.x mesh
   * @return {@code checks}
   */
  public static HealthChecks register(HealthChecks checks, VertxMesh mesh) {
    return checks.register(NAME, procedure(mesh));
  }
}
