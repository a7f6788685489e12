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
import io.nativemesh.spring.internal.MeshLoadBalancerClientConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.cloud.loadbalancer.annotation.LoadBalancerClients;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * With Spring Cloud Commons on the class path: the {@link MeshDiscoveryClient} and, with Reactor
 * (unless {@code spring.cloud.discovery.reactive.enabled=false}), the {@link
 * MeshReactiveDiscoveryClient}; with Spring Cloud LoadBalancer too: every load-balancer client's
 * {@code ServiceInstanceListSupplier} is a {@link MeshServiceInstanceListSupplier} (a default
 * configuration of all load-balancer clients, so a client's own
 * {@code @LoadBalancerClient(configuration = ...)} still replaces it).
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = NativeMeshAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.cloud.client.discovery.DiscoveryClient")
@ConditionalOnBean(MeshService.class)
public class NativeMeshCloudAutoConfiguration {

  /**
   * @param mesh the mesh service
   * @param consul the agent client
   * @return the discovery client over the mesh catalog
   */
  @Bean
  @ConditionalOnMissingBean
  public MeshDiscoveryClient nativeMeshDiscoveryClient(MeshService mesh, ConsulClient consul) {
    return new MeshDiscoveryClient(mesh, consul);
  }

  /** WebFlux applications: the reactive discovery client over the same watches. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(
      name = {
        "org.springframework.cloud.client.discovery.ReactiveDiscoveryClient",
        "reactor.core.publisher.Flux"
      })
  @ConditionalOnProperty(
      name = "spring.cloud.discovery.reactive.enabled",
      havingValue = "true",
      matchIfMissing = true)
  static class Reactive {
    @Bean
    @ConditionalOnMissingBean
    MeshReactiveDiscoveryClient nativeMeshReactiveDiscoveryClient(
        MeshService mesh, ConsulClient consul) {
      return new MeshReactiveDiscoveryClient(mesh, consul);
    }
  }

  /** Every load-balancer client takes its instances from the mesh. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(
      name = "org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier")
  @LoadBalancerClients(defaultConfiguration = MeshLoadBalancerClientConfiguration.class)
  static class LoadBalancer {}
}
