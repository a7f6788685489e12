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
import io.nativemesh.consul.ConsulClient;
import io.nativemesh.consul.QueryOptions;
import java.time.Duration;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.cloud.client.discovery.ReactiveDiscoveryClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Spring Cloud's {@link ReactiveDiscoveryClient} over the mesh catalog, for WebFlux applications
 * (Spring Cloud's {@code ReactiveCompositeDiscoveryClient} includes it). {@link #getInstances}
 * emits the healthy Connect-native instances from the SDK's shared watch of {@code
 * /v1/health/connect/<service>?passing} as {@link MeshServiceInstance}, read on each subscription
 * (so a re-subscription sees the watch's current list); the first subscription for a service starts
 * the watch and may wait up to the SDK's first-resolve timeout, so it runs on Reactor's
 * bounded-elastic scheduler, never on the subscriber's thread. {@link #getServices} emits the names
 * of {@code /v1/catalog/services} (Consul API) without blocking, at most 10 s after subscription.
 *
 * <p>Errors: a catalog that does not answer in time is an error signal ({@link
 * io.nativemesh.discovery.NoHealthyUpstreamException} for instances, {@link
 * java.util.concurrent.TimeoutException} for the service list). Thread-safe.
 *
 * @since 0.1.0
 */
public class MeshReactiveDiscoveryClient implements ReactiveDiscoveryClient {
  private static final Duration CATALOG_TIMEOUT = Duration.ofSeconds(10);
  private final MeshService mesh;
  private final ConsulClient consul;

  /**
   * @param mesh the mesh service (its upstream watches)
   * @param consul the agent client (the service list)
   */
  public MeshReactiveDiscoveryClient(MeshService mesh, ConsulClient consul) {
    this.mesh = mesh;
    this.consul = consul;
  }

  @Override
  public String description() {
    return "NativeMesh reactive (healthy Connect-native instances from the catalog watches)";
  }

  /**
   * @param serviceId a service name
   * @return its healthy instances; empty when there is none
   */
  @Override
  public Flux<ServiceInstance> getInstances(String serviceId) {
    return Flux.defer(
            () ->
                Flux.fromIterable(mesh.upstreams().endpoints(serviceId))
                    .<ServiceInstance>map(MeshServiceInstance::new))
        .subscribeOn(Schedulers.boundedElastic());
  }

  /**
   * @return the catalog's service names
   */
  @Override
  public Flux<String> getServices() {
    return Mono.defer(() -> Mono.fromFuture(consul.catalog().services(QueryOptions.NONE)))
        .timeout(CATALOG_TIMEOUT)
        .flatMapMany(r -> Flux.fromIterable(r.value().keySet()));
  }

  @Override
  public int getOrder() {
    return DiscoveryClient.DEFAULT_ORDER - 1;
  }
}
