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

import io.nativemesh.discovery.LoadBalancing;
import io.nativemesh.discovery.UpstreamPolicy;
import io.nativemesh.spring.InvalidNativeMeshPropertyException;
import io.nativemesh.spring.NativeMeshProperties;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import org.springframework.core.env.Environment;

/** Checks the {@code nativemesh.*} properties and maps them onto the SDK's settings. */
public final class MeshSettings {
  private static final String NAME = "[A-Za-z0-9][A-Za-z0-9._-]*";

  private MeshSettings() {}

  /**
   * @param p the properties
   * @param env for spring.application.name
   * @return the service name
   * @throws InvalidNativeMeshPropertyException if neither is a valid service name
   */
  public static String serviceName(NativeMeshProperties p, Environment env) {
    String name = p.getService();
    String property = "nativemesh.service";
    if (name == null || name.isBlank()) {
      name = env.getProperty("spring.application.name");
      property = "spring.application.name";
    }
    if (name == null || !name.matches(NAME)) {
      throw new InvalidNativeMeshPropertyException(
          property,
          name,
          "a service name: letters, digits, '.', '-' and '_', starting with a letter or digit"
              + " (nativemesh.service, default spring.application.name)");
    }
    return name;
  }

  /**
   * @param p the properties
   * @return the Consul address to use, or null for the environment's
   */
  public static String consulAddress(NativeMeshProperties p) {
    String a = p.getConsul().getAddress();
    if (a == null || a.isBlank()) {
      return null;
    }
    try {
      URI u = URI.create(a);
      if (("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null) {
        return a;
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw new InvalidNativeMeshPropertyException(
        "nativemesh.consul.address", a, "an http:// or https:// URL such as http://127.0.0.1:8500");
  }

  /**
   * @param p the properties
   * @throws InvalidNativeMeshPropertyException naming the first bad duration
   */
  public static void checkDurations(NativeMeshProperties p) {
    positive("nativemesh.ready-timeout", p.getReadyTimeout(), Duration.ofMillis(1));
    positive(
        "nativemesh.registration.check-ttl",
        p.getRegistration().getCheckTtl(),
        Duration.ofSeconds(1));
  }

  private static void positive(String property, Duration d, Duration min) {
    if (d == null || d.compareTo(min) < 0) {
      throw new InvalidNativeMeshPropertyException(
          property, d, "a duration of at least " + min.toMillis() + "ms, e.g. 10s");
    }
  }

  /**
   * @param prefix the property prefix, e.g. {@code nativemesh.upstreams.name}
   * @param u the configured values (null fields: the base's)
   * @param base the policy to start from
   * @return the policy
   * @throws InvalidNativeMeshPropertyException naming the first bad value
   */
  public static UpstreamPolicy policy(
      String prefix, NativeMeshProperties.Upstream u, UpstreamPolicy base) {
    if (u == null) {
      return base;
    }
    UpstreamPolicy.Builder b = base.toBuilder();
    if (u.getLoadBalancing() != null) {
      b.loadBalancing(loadBalancing(prefix + ".load-balancing", u.getLoadBalancing()));
    }
    if (u.getMaxAttempts() != null) {
      if (u.getMaxAttempts() < 1 || u.getMaxAttempts() > 10) {
        throw new InvalidNativeMeshPropertyException(
            prefix + ".max-attempts", u.getMaxAttempts(), "1 to 10");
      }
      b.retries(u.getMaxAttempts(), base.retryBackoff());
    }
    if (u.getConnectTimeout() != null || u.getHandshakeTimeout() != null) {
      Duration c =
          orElse(prefix + ".connect-timeout", u.getConnectTimeout(), base.connectTimeout());
      Duration h =
          orElse(prefix + ".handshake-timeout", u.getHandshakeTimeout(), base.handshakeTimeout());
      b.connectTimeouts(c, h);
    }
    if (u.getRequestTimeout() != null) {
      b.requestTimeout(orElse(prefix + ".request-timeout", u.getRequestTimeout(), null));
    }
    if (u.getCircuitBreakerFailureRate() != null || u.getCircuitBreakerOpenFor() != null) {
      float rate =
          u.getCircuitBreakerFailureRate() == null
              ? base.breakerFailureRate()
              : u.getCircuitBreakerFailureRate();
      if (!(rate > 0 && rate <= 100)) {
        throw new InvalidNativeMeshPropertyException(
            prefix + ".circuit-breaker-failure-rate", rate, "a percentage in (0, 100]");
      }
      Duration open =
          orElse(
              prefix + ".circuit-breaker-open-for",
              u.getCircuitBreakerOpenFor(),
              base.breakerOpenFor());
      b.circuitBreaker(rate, base.breakerMinimumCalls(), base.breakerWindow(), open);
    }
    if (u.getEjectAfterFailures() != null || u.getBaseEjection() != null) {
      int n =
          u.getEjectAfterFailures() == null ? base.ejectAfterFailures() : u.getEjectAfterFailures();
      if (n < 1) {
        throw new InvalidNativeMeshPropertyException(
            prefix + ".eject-after-failures", n, "1 or more");
      }
      Duration e = orElse(prefix + ".base-ejection", u.getBaseEjection(), base.baseEjection());
      b.outlierEjection(n, e, e.compareTo(base.maxEjection()) > 0 ? e : base.maxEjection());
    }
    return b.build();
  }

  private static Duration orElse(String property, Duration d, Duration fallback) {
    if (d == null) {
      return fallback;
    }
    if (d.isNegative() || d.isZero()) {
      throw new InvalidNativeMeshPropertyException(property, d, "a positive duration, e.g. 5s");
    }
    return d;
  }

  private static LoadBalancing loadBalancing(String property, String v) {
    String n = v.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    for (LoadBalancing lb : LoadBalancing.values()) {
      if (lb.name().equals(n)) {
        return lb;
      }
    }
    throw new InvalidNativeMeshPropertyException(
        property, v, "round-robin, random, least-outstanding");
  }
}
