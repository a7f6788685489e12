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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nativemesh.MeshService;
import io.nativemesh.consul.ConsulClient;
import io.nativemesh.spring.internal.NativeMeshFailureAnalyzer;
import io.nativemesh.tls.MeshKeyManager;
import io.nativemesh.tls.MeshTrustManager;
import io.nativemesh.tls.metrics.MeshMetrics;
import io.nativemesh.tls.metrics.MicrometerMeshMetrics;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Every condition and override of the auto-configuration, with {@code ApplicationContextRunner}s,
 * against the companion server in-process. Each Boot line's module runs it with its own
 * line-specific auto-configuration.
 */
public abstract class AbstractAutoConfigurationTest {
  static MeshTestServer mesh;

  /**
   * @return the line-specific auto-configuration class
   */
  protected abstract Class<?> lineAutoConfiguration();

  /**
   * @return the line's {@code HealthIndicator} class name (hidden to test the Actuator condition)
   */
  protected abstract String healthIndicatorClass();

  @BeforeAll
  static void startMesh() throws Exception {
    mesh = new MeshTestServer(Duration.ofMinutes(10));
  }

  @AfterAll
  static void stopMesh() {
    mesh.close();
  }

  private AutoConfigurations autoConfigurations() throws Exception {
    return AutoConfigurations.of(
        Class.forName("org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration"),
        NativeMeshAutoConfiguration.class,
        lineAutoConfiguration());
  }

  private String[] props(String... extra) {
    List<String> p =
        new java.util.ArrayList<>(
            List.of(
                "spring.application.name=web",
                "nativemesh.consul.address=" + mesh.server.httpUrl(),
                "nativemesh.ready-timeout=20s"));
    p.addAll(List.of(extra));
    return p.toArray(String[]::new);
  }

  @Test
  void joinsTheMeshWithTheBundleAndClientsByDefault() throws Exception {
    new ApplicationContextRunner()
        .withConfiguration(autoConfigurations())
        .withPropertyValues(props())
        .run(
            ctx -> {
              assertNotNull(ctx.getStartupFailure() == null ? "ok" : null, "started");
              MeshService m = ctx.getBean(MeshService.class);
              assertEquals("web", m.serviceName());
              assertNotNull(ctx.getBean(ConsulClient.class));
              assertNotNull(ctx.getBean(MeshRegistration.class));
              SslBundle b = ctx.getBean(SslBundles.class).getBundle(MeshSslBundle.NAME);
              assertInstanceOf(MeshSslBundle.class, b);
              assertInstanceOf(
                  MeshKeyManager.class, b.getManagers().getKeyManagerFactory().getKeyManagers()[0]);
              assertInstanceOf(
                  MeshTrustManager.class,
                  b.getManagers().getTrustManagerFactory().getTrustManagers()[0]);
              assertSame(m.serverSslContext(), b.createSslContext());
              assertTrue(b.getStores().getKeyStore().isKeyEntry("nativemesh"), "leaf snapshot");
              assertNotNull(ctx.getBean(MeshClientHttpRequestFactory.class));
              assertNotNull(ctx.getBean(MeshClientHttpConnector.class));
              assertNotNull(ctx.getBean(NativeMeshEndpoint.class));
              assertTrue(ctx.containsBean("nativemeshHealthIndicator"));
              assertTrue(ctx.containsBean("nativeMeshRestClientCustomizer"));
              assertTrue(ctx.containsBean("nativeMeshRestTemplateCustomizer"));
              assertTrue(ctx.containsBean("nativeMeshWebClientCustomizer"));
              // not a web application: no request filters, no server customizers
              assertTrue(ctx.getBeansOfType(MeshPeerFilter.class).isEmpty());
              assertTrue(ctx.getBeansOfType(MeshWebFilter.class).isEmpty());
              assertFalse(ctx.containsBean("nativeMeshTomcatConnectorCustomizer"));
            });
  }

  @Test
  void offWithTheEnabledProperty() throws Exception {
    new ApplicationContextRunner()
        .withConfiguration(autoConfigurations())
        .withPropertyValues(props("nativemesh.enabled=false"))
        .run(
            ctx -> {
              assertTrue(ctx.getBeansOfType(MeshService.class).isEmpty());
              assertFalse(ctx.containsBean("nativemeshHealthIndicator"));
            });
  }

  @Test
  void userBeansReplaceTheStartersOnes() throws Exception {
    new ApplicationContextRunner()
        .withConfiguration(autoConfigurations())
        .withUserConfiguration(UserBeans.class)
        .withPropertyValues(props())
        .run(
            ctx -> {
              assertSame(UserBeans.FACTORY, ctx.getBean(MeshClientHttpRequestFactory.class));
              assertEquals(1, ctx.getBeansOfType(ConsulClient.class).size());
              assertTrue(ctx.containsBean("userConsul"));
            });
  }

  @Configuration(proxyBeanMethods = false)
  static class UserBeans {
    static final MeshClientHttpRequestFactory FACTORY =
        new MeshClientHttpRequestFactory(new okhttp3.OkHttpClient(), null);

    @Bean
    MeshClientHttpRequestFactory userFactory() {
      return FACTORY;
    }

    @Bean(destroyMethod = "close")
    ConsulClient userConsul() {
      return ConsulClient.builder().address(mesh.server.httpUrl()).build();
    }
  }

  @Test
  void metricsGoToTheApplicationsMeterRegistry() throws Exception {
    new ApplicationContextRunner()
        .withConfiguration(autoConfigurations())
        .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .withPropertyValues(props())
        .run(ctx -> assertInstanceOf(MicrometerMeshMetrics.class, ctx.getBean(MeshMetrics.class)));
    new ApplicationContextRunner()
        .withConfiguration(autoConfigurations())
        .withPropertyValues(props())
        .run(ctx -> assertSame(MeshMetrics.NOOP, ctx.getBean(MeshMetrics.class)));
  }

  @Test
  void withoutActuatorNoHealthIndicator() throws Exception {
    new ApplicationContextRunner()
        .withConfiguration(autoConfigurations())
        .withClassLoader(new FilteredClassLoader(healthIndicatorClass()))
        .withPropertyValues(props())
        .run(
            ctx -> {
              assertNotNull(ctx.getBean(MeshService.class));
              assertFalse(ctx.containsBean("nativemeshHealthIndicator"));
            });
  }

  @Test
  void servletAndReactiveFiltersOnlyWhenServingTheBundle() throws Exception {
    new WebApplicationContextRunner()
        .withConfiguration(autoConfigurations())
        .withPropertyValues(props("server.ssl.bundle=nativemesh"))
        .run(
            ctx -> {
              assertNotNull(ctx.getBean(MeshPeerFilter.class));
              assertTrue(ctx.getBeansOfType(MeshWebFilter.class).isEmpty());
              assertTrue(ctx.containsBean("nativeMeshTomcatConnectorCustomizer"));
            });
    new WebApplicationContextRunner()
        .withConfiguration(autoConfigurations())
        .withPropertyValues(props())
        .run(ctx -> assertTrue(ctx.getBeansOfType(MeshPeerFilter.class).isEmpty()));
    new ReactiveWebApplicationContextRunner()
        .withConfiguration(autoConfigurations())
        .withPropertyValues(props("server.ssl.bundle=nativemesh"))
        .run(
            ctx -> {
              assertNotNull(ctx.getBean(MeshWebFilter.class));
              assertTrue(ctx.getBeansOfType(MeshPeerFilter.class).isEmpty());
              assertTrue(ctx.containsBean("nativeMeshNettyServerCustomizer"));
            });
  }

  private static FailureAnalysis analyzeStartupFailure(Throwable failure) {
    FailureAnalysis a = new NativeMeshFailureAnalyzer().analyze(failure);
    assertNotNull(a, "not analyzed: " + failure);
    return a;
  }

  @Test
  void badPropertiesFailStartUpNamingThePropertyAndTheAcceptedValues() throws Exception {
    String[][] cases = {
      {
        "nativemesh.upstreams.name.load-balancing=fastest",
        "nativemesh.upstreams.name.load-balancing",
        "round-robin, random, least-outstanding"
      },
      {
        "nativemesh.registration.check-ttl=100ms",
        "nativemesh.registration.check-ttl",
        "at least 1000ms"
      },
      {
        "nativemesh.consul.address=localhost:8500",
        "nativemesh.consul.address",
        "http:// or https://"
      },
      {"nativemesh.service=bad name!", "nativemesh.service", "letters, digits"},
      {
        "nativemesh.default-upstream.max-attempts=0",
        "nativemesh.default-upstream.max-attempts",
        "1 to 10"
      },
    };
    for (String[] c : cases) {
      new ApplicationContextRunner()
          .withConfiguration(autoConfigurations())
          .withPropertyValues(props(c[0]))
          .run(
              ctx -> {
                Throwable failure = ctx.getStartupFailure();
                assertNotNull(failure, c[0] + " started");
                FailureAnalysis a = analyzeStartupFailure(failure);
                assertTrue(a.getDescription().contains("'" + c[1] + "'"), a.getDescription());
                assertTrue(a.getAction().contains(c[2]), a.getAction());
              });
    }
  }

  @Test
  void theBundleRequiresClientCertificates() {
    InvalidNativeMeshPropertyException e =
        assertThrows(
            InvalidNativeMeshPropertyException.class,
            () ->
                new SpringApplicationBuilder(Empty.class)
                    .web(WebApplicationType.NONE)
                    .properties(
                        "server.ssl.bundle=nativemesh",
                        "server.ssl.client-auth=want",
                        "nativemesh.enabled=false")
                    .run()
                    .close());
    FailureAnalysis a = analyzeStartupFailure(e);
    assertTrue(a.getDescription().contains("'server.ssl.client-auth'"), a.getDescription());
    assertTrue(a.getAction().contains("need"), a.getAction());
  }

  @Configuration(proxyBeanMethods = false)
  static class Empty {}
}
