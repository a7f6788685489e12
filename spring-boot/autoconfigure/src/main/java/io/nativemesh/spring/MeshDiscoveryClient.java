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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;

/**
 * Spring Cloud's {@link DiscoveryClient} over the mesh catalog: {@link #getInstances} answers from
 * the SDK's shared watch of {@code /v1/health/connect/<service>?passing} (healthy Connect-native
 * instances; the first call for a service starts the watch and waits up to the SDK's first-resolve
 * timeout), {@link #getServices} reads {@code /v1/catalog/services} (Consul API) once per call.
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public class MeshDiscoveryClient implements DiscoveryClient {
  private static final Duration CATALOG_TIMEOUT = Duration.ofSeconds(10);
  private final MeshService mesh;
  private final ConsulClient consul;

  /**
   * @param mesh the mesh service (its upstream watches)
   * @param consul the agent client (the service list)
   */
  public MeshDiscoveryClient(MeshService mesh, ConsulClient consul) {
    this.mesh = mesh;
    this.consul = consul;
  }

  @Override
  public String description() {
    return "NativeMesh (healthy Connect-native instances from the catalog watches)";
  }

  /**
   * @param serviceId a service name
   * @return its healthy instances, as {@link MeshServiceInstance}; empty when there is none
   * @throws io.nativemesh.discovery.NoHealthyUpstreamException if the catalog did not answer in
   *     time
   */
  @Override
  public List<ServiceInstance> getInstances(String serviceId) {
    List<ServiceInstance> out = new ArrayList<>();
    mesh.upstreams().endpoints(serviceId).forEach(e -> out.add(new MeshServiceInstance(e)));
    return out;
  }

  /**
   * @return the catalog's service names
   * @throws IllegalStateException if the catalog did not answer within 10 s
   */
  @Override
  public List<String> getServices() {
    try {
      return new ArrayList<>(
          consul
              .catalog()
              .services(QueryOptions.NONE)
              .get(CATALOG_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
              .value()
              .keySet());
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("the catalog's service list: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted reading the catalog's service list", e);
    }
  }

  @Override
  public int getOrder() {
    return DiscoveryClient.DEFAULT_ORDER - 1;
  }
}
