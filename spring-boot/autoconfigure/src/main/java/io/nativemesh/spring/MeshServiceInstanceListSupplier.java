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
import io.nativemesh.discovery.UpstreamTarget;
import java.util.ArrayList;
import java.util.List;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Spring Cloud LoadBalancer's {@link ServiceInstanceListSupplier} for one service, fed by the SDK's
 * catalog watch: every subscription emits the current set of healthy Connect-native instances (the
 * watch replaces it on every catalog change, so no caching supplier is needed in front of it); the
 * first one waits, without blocking, for the watch's first answer. The upstream's datacenter comes
 * from {@code nativemesh.upstreams.<name>.datacenter} (or {@code nativemesh.datacenter}).
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public class MeshServiceInstanceListSupplier implements ServiceInstanceListSupplier {
  private final MeshService mesh;
  private final String serviceId;

  /**
   * @param mesh the mesh service
   * @param serviceId the service (load-balancer client) name
   */
  public MeshServiceInstanceListSupplier(MeshService mesh, String serviceId) {
    this.mesh = mesh;
    this.serviceId = serviceId;
  }

  @Override
  public String getServiceId() {
    return serviceId;
  }

  @Override
  public Flux<List<ServiceInstance>> get() {
    return Mono.defer(
            () -> {
              UpstreamTarget target = mesh.upstreams().target(serviceId);
              return Mono.fromFuture(mesh.upstreams().whenResolved(target));
            })
        .map(
            endpoints -> {
              List<ServiceInstance> out = new ArrayList<>(endpoints.size());
              endpoints.forEach(e -> out.add(new MeshServiceInstance(e)));
              return out;
            })
        .flux();
  }
}
