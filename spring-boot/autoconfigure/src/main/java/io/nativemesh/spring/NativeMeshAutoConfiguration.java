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

import io.micrometer.core.instrument.MeterRegistry;
import io.nativemesh.MeshService;
import io.nativemesh.MeshServiceBuilder;
import io.nativemesh.consul.ConsulClient;
import io.nativemesh.discovery.UpstreamPolicy;
import io.nativemesh.discovery.UpstreamTarget;
import io.nativemesh.spring.internal.MeshSettings;
import io.nativemesh.tls.metrics.MeshMetrics;
import io.nativemesh.tls.metrics.MicrometerMeshMetrics;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.ssl.SslBundleRegistrar;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Joins the mesh: the {@link MeshService} (leaf, roots, intentions, upstream watches), the {@code
 * nativemesh} SSL bundle, the registration lifecycle, the per-request intention filter of the web
 * stack in use, the mesh request factory and connector for HTTP clients, metrics and the Actuator
 * endpoint. Every bean is {@code @ConditionalOnMissingBean}: declare your own to replace it. The
 * line-specific parts (health indicator, Tomcat connector and client builder customizers) are in
 * {@code NativeMeshBoot3AutoConfiguration} / {@code NativeMeshBoot4AutoConfiguration}.
 *
 * <p>Off with {@code nativemesh.enabled=false}.
 *
 * @since 0.1.0
 */
@AutoConfiguration
@ConditionalOnClass(MeshService.class)
@ConditionalOnProperty(prefix = "nativemesh", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(NativeMeshProperties.class)
public class NativeMeshAutoConfiguration {

  /**
   * @param props the properties
   * @return the agent client (CONSUL_HTTP_ADDR / CONSUL_HTTP_TOKEN unless set by properties)
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public ConsulClient nativeMeshConsulClient(NativeMeshProperties props) {
    ConsulClient.Builder b = ConsulClient.builder().fromEnvironment(System.getenv());
    String address = MeshSettings.consulAddress(props);
    if (address != null) {
      b.address(address);
    }
    if (props.getConsul().getToken() != null && !props.getConsul().getToken().isBlank()) {
      b.token(props.getConsul().getToken());
    }
    return b.build();
  }

  /**
   * @param props the properties
   * @param env the environment
   * @param consul the agent client
   * @param metrics where the SDK reports (Micrometer when present)
   * @return the mesh service; closed (watches stopped) when the context closes
   * @throws InvalidNativeMeshPropertyException naming a bad property
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public MeshService nativeMeshService(
      NativeMeshProperties props,
      Environment env,
      ConsulClient consul,
      ObjectProvider<MeshMetrics> metrics) {
    String name = MeshSettings.serviceName(props, env);
    MeshSettings.checkDurations(props);
    UpstreamPolicy base =
        MeshSettings.policy(
            "nativemesh.default-upstream", props.getDefaultUpstream(), UpstreamPolicy.DEFAULT);
    MeshServiceBuilder b =
        MeshService.builder(name)
            .consul(consul)
            .strictTrustDomain(props.isStrictTrustDomain())
            .checkTtl(props.getRegistration().getCheckTtl())
            // the MeshPeerFilter / MeshWebFilter evaluate L7 intentions on every request
            .l7EnforcedPerRequest(MeshSslBundle.NAME.equals(env.getProperty("server.ssl.bundle")))
            .upstreamPolicy(base)
            .metrics(metrics.getIfAvailable(() -> MeshMetrics.NOOP));
    for (Map.Entry<String, NativeMeshProperties.Upstream> e : props.getUpstreams().entrySet()) {
      String prefix = "nativemesh.upstreams." + e.getKey();
      UpstreamTarget t = UpstreamTarget.of(e.getKey());
      String dc =
          e.getValue().getDatacenter() != null
              ? e.getValue().getDatacenter()
              : props.getDatacenter();
      if (dc != null) {
        t = t.inDatacenter(dc);
      }
      b.upstream(t, MeshSettings.policy(prefix, e.getValue(), base));
    }
    return b.build();
  }

  /**
   * @param mesh the mesh service
   * @param props the properties
   * @return registers the {@code nativemesh} bundle
   */
  @Bean
  @ConditionalOnMissingBean(name = "nativeMeshSslBundleRegistrar")
  public SslBundleRegistrar nativeMeshSslBundleRegistrar(
      MeshService mesh, NativeMeshProperties props) {
    return registry ->
        registry.registerBundle(
            MeshSslBundle.NAME, new MeshSslBundle(mesh, props.getReadyTimeout()));
  }

  /**
   * @param mesh the mesh service
   * @param consul the agent client
   * @param props the properties
   * @param env the environment
   * @param events the publisher of readiness changes
   * @return the registration lifecycle
   */
  @Bean
  @ConditionalOnMissingBean
  public MeshRegistration nativeMeshRegistration(
      MeshService mesh,
      ConsulClient consul,
      NativeMeshProperties props,
      Environment env,
      ApplicationEventPublisher events) {
    return new MeshRegistration(mesh, consul, props, env, events);
  }

  /** The blocking HTTP clients' request factory (RestClient, RestTemplate). */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.http.client.ClientHttpRequestFactory")
  static class Blocking {
    @Bean
    @ConditionalOnMissingBean
    MeshClientHttpRequestFactory nativeMeshClientHttpRequestFactory(MeshService mesh) {
      return new MeshClientHttpRequestFactory(mesh.httpClient(), null);
    }
  }

  /** The reactive client's connector (WebClient). */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(
      name = {
        "org.springframework.web.reactive.function.client.WebClient",
        "reactor.core.publisher.Mono"
      })
  static class Reactive {
    @Bean
    @ConditionalOnMissingBean
    MeshClientHttpConnector nativeMeshClientHttpConnector(MeshService mesh) {
      return new MeshClientHttpConnector(mesh.httpClient(), null);
    }
  }

  /** Per-request intentions and the caller's identity on Spring MVC (served with the bundle). */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  @ConditionalOnClass(name = "jakarta.servlet.Filter")
  @ConditionalOnMeshBundle
  static class Servlet {
    @Bean
    @ConditionalOnMissingBean
    MeshPeerFilter nativeMeshPeerFilter(MeshService mesh) {
      return new MeshPeerFilter(mesh.requestAuthorizer());
    }
  }

  /** Per-request intentions and the caller's identity on WebFlux (served with the bundle). */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
  @ConditionalOnMeshBundle
  static class WebFlux {
    @Bean
    @ConditionalOnMissingBean
    MeshWebFilter nativeMeshWebFilter(MeshService mesh) {
      return new MeshWebFilter(mesh.requestAuthorizer());
    }
  }

  /** Spring Security on Spring MVC: the caller as a {@link MeshAuthentication}. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  @ConditionalOnClass(
      name = {
        "jakarta.servlet.Filter",
        "org.springframework.security.web.context.RequestAttributeSecurityContextRepository"
      })
  @ConditionalOnMeshBundle
  static class ServletSecurity {
    @Bean
    @ConditionalOnMissingBean
    MeshAuthenticationFilter nativeMeshAuthenticationFilter() {
      return new MeshAuthenticationFilter();
    }
  }

  /** Spring Security on WebFlux: the caller as a {@link MeshAuthentication}. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
  @ConditionalOnClass(
      name = "org.springframework.security.core.context.ReactiveSecurityContextHolder")
  @ConditionalOnMeshBundle
  static class ReactiveSecurity {
    @Bean
    @ConditionalOnMissingBean
    MeshAuthenticationWebFilter nativeMeshAuthenticationWebFilter() {
      return new MeshAuthenticationWebFilter();
    }
  }

  /** SDK metrics into the application's MeterRegistry. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
  static class Metrics {
    @Bean
    @ConditionalOnMissingBean
    MeshMetrics nativeMeshMetrics(ObjectProvider<MeterRegistry> registry) {
      MeterRegistry r = registry.getIfAvailable();
      return r == null ? MeshMetrics.NOOP : new MicrometerMeshMetrics(r);
    }
  }

  /** {@code /actuator/nativemesh}. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
  static class Actuator {
    @Bean
    @ConditionalOnMissingBean
    NativeMeshEndpoint nativeMeshEndpoint(
        MeshService mesh,
        ObjectProvider<MeshRegistration> registration,
        NativeMeshProperties props) {
      Set<String> names = new LinkedHashSet<>(props.getUpstreams().keySet());
      return new NativeMeshEndpoint(mesh, registration.getIfAvailable(), names);
    }
  }
}
