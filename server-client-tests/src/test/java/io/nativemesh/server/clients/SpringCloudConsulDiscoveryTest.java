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
package io.nativemesh.server.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ecwid.consul.v1.ConsulClient;
import com.ecwid.consul.v1.OperationException;
import com.ecwid.consul.v1.QueryParams;
import com.ecwid.consul.v1.agent.model.NewService;
import com.ecwid.consul.v1.agent.model.Self;
import com.ecwid.consul.v1.event.model.Event;
import com.ecwid.consul.v1.event.model.EventParams;
import io.nativemesh.server.ConsulServer;
import io.nativemesh.server.ServerConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.cloud.consul.discovery.ConsulDiscoveryProperties;
import org.springframework.cloud.consul.serviceregistry.ConsulRegistration;
import org.springframework.cloud.consul.serviceregistry.ConsulServiceRegistry;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Third-party client: Spring Cloud Consul's discovery client (Spring Cloud 2025.0.0 on Spring Boot
 * 3.5.7, from Maven Central) in a Spring Boot application pointed at the server. It registers an
 * instance through its {@code ConsulServiceRegistry} (with {@code enable-tag-override} and a TTL
 * check kept passing by its heartbeat), discovers it and the built-in {@code consul} service
 * through its {@code DiscoveryClient}, and uses the auto-configured Consul client for {@code
 * agent/self}, the agent checks, events, join and the status endpoint.
 */
class SpringCloudConsulDiscoveryTest {

  /** The smallest Spring Boot application: auto-configuration does the rest. */
  @SpringBootApplication
  static class App {}

  @Test
  void discoveryRegistrationAndAgentCallsWork() throws Exception {
    try (ConsulServer server =
            ConsulServer.start(
                ServerConfig.builder().dev(true).nodeName("spring-agent").httpPort(0).build());
        ConfigurableApplicationContext app =
            new SpringApplicationBuilder(App.class)
                .web(WebApplicationType.NONE)
                .properties(
                    Map.of(
                        "spring.application.name", "spring-web",
                        "spring.cloud.consul.host", "127.0.0.1",
                        "spring.cloud.consul.port", String.valueOf(server.httpPort()),
                        "spring.cloud.consul.discovery.enable-tag-override", "true",
                        "spring.cloud.consul.discovery.heartbeat.enabled", "true",
                        "spring.cloud.consul.discovery.heartbeat.ttl", "3s",
                        "spring.cloud.consul.discovery.query-passing", "true"))
                .run()) {
      DiscoveryClient discovery = app.getBean(DiscoveryClient.class);
      assertEquals(List.of("consul"), discovery.getServices(), "a fresh agent runs consul only");
      List<ServiceInstance> consul = discovery.getInstances("consul");
      assertEquals(1, consul.size());
      assertEquals(8300, consul.get(0).getPort());

      ConsulDiscoveryProperties props = app.getBean(ConsulDiscoveryProperties.class);
      NewService service = new NewService();
      service.setId("spring-web-1");
      service.setName("spring-web");
      service.setAddress("127.0.0.1");
      service.setPort(8080);
      service.setTags(List.of("v1"));
      service.setEnableTagOverride(props.isEnableTagOverride());
      NewService.Check check = new NewService.Check();
      check.setTtl("3s");
      service.setCheck(check);
      ConsulRegistration registration = new ConsulRegistration(service, props);
      ConsulServiceRegistry registry = app.getBean(ConsulServiceRegistry.class);
      registry.register(registration);

      // query-passing: the instance shows once the heartbeat passed its TTL check
      Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
      List<ServiceInstance> web = discovery.getInstances("spring-web");
      while (web.isEmpty() && Instant.now().isBefore(deadline)) {
        Thread.sleep(200);
        web = discovery.getInstances("spring-web");
      }
      assertEquals(1, web.size(), "the heartbeat keeps the TTL check passing");
      assertEquals(8080, web.get(0).getPort());
      assertEquals("spring-web-1", web.get(0).getInstanceId());
      assertTrue(discovery.getServices().contains("spring-web"));

      ConsulClient client = app.getBean(ConsulClient.class);
      assertEquals(
          Boolean.TRUE,
          client.getAgentServices().getValue().get("spring-web-1").getEnableTagOverride());
      Self self = client.getAgentSelf().getValue();
      assertEquals("spring-agent", self.getConfig().getNodeName());
      assertEquals(2, self.getMember().getProtocolCur());
      assertEquals(5, self.getMember().getDelegateMax());
      assertFalse(client.getAgentChecks().getValue().containsKey("serfHealth"));
      OperationException e =
          assertThrows(OperationException.class, () -> client.agentCheckDeregister("serfHealth"));
      assertEquals(404, e.getStatusCode());
      assertTrue(client.getStatusLeader().getValue().endsWith(":8300"));
      client.agentJoin("127.0.0.1", false);
      OperationException join =
          assertThrows(OperationException.class, () -> client.agentJoin("10.7.7.7", false));
      assertTrue(join.getStatusContent().contains("single-node"), join.getStatusContent());

      Event fired =
          client
              .eventFire("spring-deploy", "v1", new EventParams(), QueryParams.DEFAULT)
              .getValue();
      List<Event> events = client.eventList("spring-deploy", QueryParams.DEFAULT).getValue();
      assertEquals(fired.getId(), events.get(events.size() - 1).getId());

      registry.deregister(registration);
      assertTrue(discovery.getInstances("spring-web").isEmpty());
      assertEquals(List.of("consul"), discovery.getServices());
    }
  }
}
