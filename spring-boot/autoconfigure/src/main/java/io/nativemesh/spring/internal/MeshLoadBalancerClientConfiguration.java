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
package io.nativemesh.spring.internal;

import io.nativemesh.MeshService;
import io.nativemesh.spring.MeshServiceInstanceListSupplier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The default configuration of every Spring Cloud load-balancer client (registered through
 * {@code @LoadBalancerClients(defaultConfiguration = ...)}, so it runs in each client's child
 * context, never in the application context): the client's supplier is the mesh's.
 */
@Configuration(proxyBeanMethods = false)
public class MeshLoadBalancerClientConfiguration {
  /**
   * @param mesh the mesh service (from the application context)
   * @param env the client's environment (names the client)
   * @return the client's supplier
   */
  @Bean
  @ConditionalOnMissingBean
  public ServiceInstanceListSupplier nativeMeshServiceInstanceListSupplier(
      MeshService mesh, Environment env) {
    return new MeshServiceInstanceListSupplier(mesh, LoadBalancerClientFactory.getName(env));
  }
}
