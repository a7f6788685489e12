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
package io.nativemesh.spring;

import io.nativemesh.MeshService;
import io.nativemesh.tls.MeshState;
import io.nativemesh.tls.Readiness;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code nativemesh} health of a service, independent of the Actuator line: up while the leaf
 * is valid and chains to the roots. The line-specific {@code HealthIndicator} beans of the starter
 * report it with these details. Thread-safe; computed on each call.
 *
 * @param up whether the mesh identity is ready
 * @param details leaf serial and expiry, roots, readiness reason, registered instance, watchdog
 *     forced refreshes
 * @since 0.1.0
 */
public record MeshHealth(boolean up, Map<String, Object> details) {
  /**
   * @param mesh the mesh service
   * @param registration the registration lifecycle, or null
   * @return the health now
   */
  public static MeshHealth of(MeshService mesh, MeshRegistration registration) {
    Readiness r = mesh.readiness();
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("service", mesh.serviceName());
    d.put("ready", r.ready());
    d.put("reason", r.reason());
    MeshState s = mesh.state();
    if (s != null) {
      d.put("spiffeId", s.identity().spiffeId().toString());
      d.put("leafSerial", s.serialHex());
      d.put("leafNotAfter", s.notAfter().toString());
      d.put("leafExpiresIn", Duration.between(Instant.now(), s.notAfter()).toSeconds() + "s");
      d.put("generation", s.generation());
      List<String> roots = new ArrayList<>();
      for (X509Certificate c : s.trust().roots()) {
        roots.add(c.getSubjectX500Principal().getName());
      }
      d.put("roots", roots);
      d.put("trustDomain", s.trust().trustDomain().toString());
    }
    d.put("watchdogForcedRefreshes", mesh.watchdogForcedRefreshes());
    if (registration != null && registration.instanceId() != null) {
      d.put("instanceId", registration.instanceId());
    }
    return new MeshHealth(r.ready(), d);
  }
}
