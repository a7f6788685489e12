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
import io.nativemesh.discovery.Endpoint;
import io.nativemesh.discovery.UpstreamResolver;
import io.nativemesh.discovery.UpstreamTarget;
import io.nativemesh.tls.Denial;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * The Actuator endpoint {@code /actuator/nativemesh} (expose it with {@code
 * management.endpoints.web.exposure.include=nativemesh}): identity, certificate and roots (as the
 * health details), the configured upstreams with their endpoints, ejected endpoints and breaker
 * state, and {@code recentDenials}: the last callers refused in the handshake and requests refused
 * by L7 intentions (the SDK's {@code MeshTrustManager.recentDenials()} and {@code
 * RequestAuthorizer.recentDenials()}), newest first, each with {@code at}, {@code layer}, {@code
 * peer} and {@code reason}. The {@code @Endpoint} annotation is on the bean class the
 * auto-configuration declares. Thread-safe.
 *
 * @since 0.1.0
 */
@org.springframework.boot.actuate.endpoint.annotation.Endpoint(id = "nativemesh")
public class NativeMeshEndpoint {
  private final MeshService mesh;
  private final MeshRegistration registration;
  private final Set<String> upstreams;

  /**
   * @param mesh the mesh service
   * @param registration the registration lifecycle, or null
   * @param upstreams the upstream names to report
   */
  public NativeMeshEndpoint(
      MeshService mesh, MeshRegistration registration, Set<String> upstreams) {
    this.mesh = mesh;
    this.registration = registration;
    this.upstreams = upstreams;
  }

  /**
   * @return the report
   */
  @ReadOperation
  public Map<String, Object> report() {
    Map<String, Object> out = new LinkedHashMap<>(MeshHealth.of(mesh, registration).details());
    Map<String, Object> ups = new LinkedHashMap<>();
    UpstreamResolver resolver = mesh.upstreams();
    for (String name : upstreams) {
      UpstreamTarget t = resolver.target(name);
      Map<String, Object> u = new LinkedHashMap<>();
      try {
        u.put("endpoints", names(resolver.endpoints(t)));
        u.put("ejected", names(resolver.ejected(t)));
        u.put("circuit", String.valueOf(resolver.circuitState(t)));
      } catch (RuntimeException e) {
        u.put("error", e.getMessage());
      }
      ups.put(name, u);
    }
    out.put("upstreams", ups);
    out.put("recentDenials", denials());
    return out;
  }

  private static List<String> names(List<Endpoint> es) {
    List<String> l = new ArrayList<>();
    for (Endpoint e : es) {
      l.add(e.toString());
    }
    return l;
  }

  private List<Map<String, Object>> denials() {
    List<Denial> all = new ArrayList<>(mesh.trustManager().recentDenials());
    all.addAll(mesh.requestAuthorizer().recentDenials());
    all.sort(Comparator.comparing(Denial::at).reversed());
    List<Map<String, Object>> out = new ArrayList<>();
    for (Denial d : all) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("at", d.at().toString());
      m.put("layer", d.layer());
      m.put("peer", d.peer());
      m.put("reason", d.reason());
      out.add(m);
    }
    return out;
  }
}
