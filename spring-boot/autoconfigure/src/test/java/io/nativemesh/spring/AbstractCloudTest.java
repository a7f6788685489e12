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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.cloud.client.discovery.composite.reactive.ReactiveCompositeDiscoveryClient;
import org.springframework.cloud.client.loadbalancer.reactive.ReactiveLoadBalancer;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.context.ConfigurableApplicationContext;
import reactor.core.publisher.Mono;

/**
 * Spring Cloud over the mesh catalog: two Connect-native instances of {@code backend} on the
 * companion server in-process; the application's {@code DiscoveryClient} (Spring Cloud's composite
 * included) lists both with their registered ports, the catalog's services include {@code backend},
 * the reactive discovery client (alone and through Spring Cloud's reactive composite) emits the
 * same instances, and the load-balancer client {@code backend} takes its instances from {@link
 * MeshServiceInstanceListSupplier} and alternates between the two (round robin). When one instance
 * deregisters, the supplier follows the watch. Each Boot line's module runs it.
 */
public abstract class AbstractCloudTest {
  static MeshTestServer mesh;
  static io.nativemesh.MeshService backend2;

  @BeforeAll
  static void startMesh() throws Exception {
    mesh = new MeshTestServer(Duration.ofMinutes(10));
    mesh.serve("backend", "backend-1", "one");
    backend2 = mesh.serve("backend", "backend-2", "two");
  }

  @AfterAll
  static void stopMesh() {
    mesh.close();
  }

  private static ConfigurableApplicationContext start() {
    Map<String, Object> p = new HashMap<>(mesh.springProperties("client"));
    p.put("nativemesh.registration.enabled", "false");
    return new SpringApplicationBuilder(TestApp.class)
        .web(WebApplicationType.NONE)
        .properties(p)
        .run();
  }

  private static Set<Integer> ports(List<ServiceInstance> instances) {
    Set<Integer> out = new TreeSet<>();
    instances.forEach(i -> out.add(i.getPort()));
    return out;
  }

  private static List<ServiceInstance> awaitInstances(DiscoveryClient d, int n) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    List<ServiceInstance> got = d.getInstances("backend");
    while (got.size() != n && System.nanoTime() < deadline) {
      Thread.sleep(50);
      got = d.getInstances("backend");
    }
    return got;
  }

  @Test
  void discoveryClientAndLoadBalancerFollowTheMeshCatalog() throws Exception {
    try (ConfigurableApplicationContext ctx = start()) {
      MeshDiscoveryClient mine = ctx.getBean(MeshDiscoveryClient.class);
      List<ServiceInstance> instances = awaitInstances(mine, 2);
      assertEquals(2, instances.size(), instances.toString());
      Set<Integer> ports = ports(instances);
      assertEquals(2, ports.size(), instances.toString());
      for (ServiceInstance i : instances) {
        assertTrue(i.isSecure(), i.toString());
        assertEquals("backend", i.getServiceId());
        assertTrue(Set.of("backend-1", "backend-2").contains(i.getInstanceId()), i.toString());
      }
      assertTrue(mine.getServices().contains("backend"), mine.getServices().toString());
      // Spring Cloud's own (composite) DiscoveryClient includes it
      assertEquals(ports, ports(ctx.getBean(DiscoveryClient.class).getInstances("backend")));

      // the reactive client, alone and through Spring Cloud's reactive composite
      MeshReactiveDiscoveryClient reactive = ctx.getBean(MeshReactiveDiscoveryClient.class);
      assertEquals(
          ports,
          ports(reactive.getInstances("backend").collectList().block(Duration.ofSeconds(10))));
      assertTrue(
          reactive.getServices().collectList().block(Duration.ofSeconds(10)).contains("backend"));
      assertEquals(
          ports,
          ports(
              ctx.getBean(ReactiveCompositeDiscoveryClient.class)
                  .getInstances("backend")
                  .collectList()
                  .block(Duration.ofSeconds(10))));

      LoadBalancerClientFactory lb = ctx.getBean(LoadBalancerClientFactory.class);
      ServiceInstanceListSupplier supplier =
          lb.getInstance("backend", ServiceInstanceListSupplier.class);
      assertInstanceOf(MeshServiceInstanceListSupplier.class, supplier);
      assertEquals(ports, ports(supplier.get().blockFirst(Duration.ofSeconds(10))));
      ReactiveLoadBalancer<ServiceInstance> balancer = lb.getInstance("backend");
      Set<Integer> chosen = new TreeSet<>();
      for (int i = 0; i < 4; i++) {
        chosen.add(
            Mono.from(balancer.choose()).block(Duration.ofSeconds(10)).getServer().getPort());
      }
      assertEquals(ports, chosen);

      // one instance leaves: the watch (and so the supplier) follows
      backend2.close();
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (supplier.get().blockFirst().size() != 1 && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertEquals(1, supplier.get().blockFirst().size());
      assertEquals(1, reactive.getInstances("backend").collectList().block().size());
    }
  }
}
