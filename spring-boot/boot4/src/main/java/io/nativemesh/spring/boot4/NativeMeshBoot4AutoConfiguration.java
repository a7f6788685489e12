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
package io.nativemesh.spring.boot4;

import io.nativemesh.MeshService;
import io.nativemesh.spring.ConditionalOnMeshBundle;
import io.nativemesh.spring.MeshClientHttpConnector;
import io.nativemesh.spring.MeshClientHttpRequestFactory;
import io.nativemesh.spring.MeshHealth;
import io.nativemesh.spring.MeshJetty;
import io.nativemesh.spring.MeshReactorNetty;
import io.nativemesh.spring.MeshRegistration;
import io.nativemesh.spring.MeshTomcat;
import io.nativemesh.spring.NativeMeshAutoConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.jetty.JettyServerCustomizer;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.restclient.RestTemplateCustomizer;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.boot.webclient.WebClientCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Spring Boot 4.x part of the starter: the types Boot 4 moved. Each nested configuration is
 * conditional on a class only Boot 4 has, so on Boot 3 this class contributes nothing (and {@code
 * NativeMeshBoot3AutoConfiguration} does the same with Boot 3's types).
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = NativeMeshAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.EnvironmentPostProcessor")
@ConditionalOnBean(MeshService.class)
public class NativeMeshBoot4AutoConfiguration {

  /** Tomcat serves the bundle from the mesh SSLContext, client certificates required. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(
      name = {
        "org.apache.catalina.connector.Connector",
        "org.springframework.boot.tomcat.TomcatConnectorCustomizer"
      })
  @ConditionalOnMeshBundle
  static class Tomcat {
    @Bean
    @ConditionalOnMissingBean(name = "nativeMeshTomcatConnectorCustomizer")
    TomcatConnectorCustomizer nativeMeshTomcatConnectorCustomizer(MeshService mesh) {
      return connector -> MeshTomcat.apply(connector, mesh);
    }
  }

  /** Jetty serves the bundle from the mesh SSLContext, client certificates required. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(
      name = {
        "org.eclipse.jetty.server.Server",
        "org.springframework.boot.jetty.JettyServerCustomizer"
      })
  @ConditionalOnMeshBundle
  static class Jetty {
    @Bean
    @ConditionalOnMissingBean(name = "nativeMeshJettyServerCustomizer")
    JettyServerCustomizer nativeMeshJettyServerCustomizer(MeshService mesh) {
      return server -> MeshJetty.apply(server, mesh);
    }
  }

  /** Reactor Netty serves the bundle from the mesh managers, client certificates required. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(
      name = {
        "reactor.netty.http.server.HttpServer",
        "org.springframework.boot.reactor.netty.NettyServerCustomizer"
      })
  @ConditionalOnMeshBundle
  static class ReactorNetty {
    @Bean
    @ConditionalOnMissingBean(name = "nativeMeshNettyServerCustomizer")
    NettyServerCustomizer nativeMeshNettyServerCustomizer(MeshService mesh) {
      return server -> MeshReactorNetty.secure(server, mesh);
    }
  }

  /** RestClient and RestTemplate: mesh names through the mesh. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.restclient.RestClientCustomizer")
  @ConditionalOnBean(MeshClientHttpRequestFactory.class)
  static class Blocking {
    @Bean
    @ConditionalOnMissingBean(name = "nativeMeshRestClientCustomizer")
    RestClientCustomizer nativeMeshRestClientCustomizer(MeshClientHttpRequestFactory f) {
      return b -> b.requestFactory(f);
    }

    @Bean
    @ConditionalOnMissingBean(name = "nativeMeshRestTemplateCustomizer")
    RestTemplateCustomizer nativeMeshRestTemplateCustomizer(MeshClientHttpRequestFactory f) {
      return t -> t.setRequestFactory(f);
    }
  }

  /** WebClient: mesh names through the mesh, other hosts through the default connector. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.webclient.WebClientCustomizer")
  @ConditionalOnBean(MeshClientHttpConnector.class)
  static class Reactive {
    @Bean
    @ConditionalOnMissingBean(name = "nativeMeshWebClientCustomizer")
    WebClientCustomizer nativeMeshWebClientCustomizer(MeshClientHttpConnector c) {
      return b -> b.clientConnector(c);
    }
  }

  /** The {@code nativemesh} health indicator. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
  static class Health4 {
    @Bean
    @ConditionalOnMissingBean(name = "nativemeshHealthIndicator")
    HealthIndicator nativemeshHealthIndicator(
        MeshService mesh, ObjectProvider<MeshRegistration> registration) {
      return () -> {
        MeshHealth h = MeshHealth.of(mesh, registration.getIfAvailable());
        return (h.up() ? Health.up() : Health.outOfService()).withDetails(h.details()).build();
      };
    }
  }
}
