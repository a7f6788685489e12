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

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code nativemesh.*} properties of a Spring Boot service in the mesh. Every property has a
 * default; a service normally sets none but {@code nativemesh.consul.address}. Values are checked
 * when the mesh service is created: a bad one fails start-up with {@link
 * InvalidNativeMeshPropertyException}, which the starter's failure analyzer reports naming the
 * property and the accepted values.
 *
 * <p>A mutable bean bound by Spring Boot; not thread-safe while binding, read-only afterwards.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("nativemesh")
public class NativeMeshProperties {
  /** Whether the service joins the mesh (the starter's beans are created). */
  private boolean enabled = true;

  /**
   * Service name: the name leaf certificates are requested for, intentions name and the catalog
   * lists. Default: spring.application.name.
   */
  private String service;

  /**
   * Datacenter upstreams are resolved in when their own datacenter is not set. Default: the
   * agent's.
   */
  private String datacenter;

  /** Require peers to be in this service's trust domain (Consul's default: any trust domain). */
  private boolean strictTrustDomain;

  /** How long start-up waits for the leaf certificate, CA roots and intentions before failing. */
  private Duration readyTimeout = Duration.ofSeconds(30);

  private final Consul consul = new Consul();

  private final Registration registration = new Registration();

  /** Per-upstream policy, keyed by service name (e.g. nativemesh.upstreams.name.retries=2). */
  private Map<String, Upstream> upstreams = new LinkedHashMap<>();

  /** Policy of the upstreams not listed under nativemesh.upstreams. */
  private Upstream defaultUpstream = new Upstream();

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public String getService() {
    return service;
  }

  public void setService(String service) {
    this.service = service;
  }

  public String getDatacenter() {
    return datacenter;
  }

  public void setDatacenter(String datacenter) {
    this.datacenter = datacenter;
  }

  public boolean isStrictTrustDomain() {
    return strictTrustDomain;
  }

  public void setStrictTrustDomain(boolean strictTrustDomain) {
    this.strictTrustDomain = strictTrustDomain;
  }

  public Duration getReadyTimeout() {
    return readyTimeout;
  }

  public void setReadyTimeout(Duration readyTimeout) {
    this.readyTimeout = readyTimeout;
  }

  public Consul getConsul() {
    return consul;
  }

  public Registration getRegistration() {
    return registration;
  }

  public Map<String, Upstream> getUpstreams() {
    return upstreams;
  }

  public void setUpstreams(Map<String, Upstream> upstreams) {
    this.upstreams = upstreams;
  }

  public Upstream getDefaultUpstream() {
    return defaultUpstream;
  }

  public void setDefaultUpstream(Upstream defaultUpstream) {
    this.defaultUpstream = defaultUpstream;
  }

  /** Where the Consul-compatible agent is. */
  public static class Consul {
    /**
     * HTTP address of the agent, http:// or https://. Default: the CONSUL_HTTP_ADDR environment
     * variable, then http://127.0.0.1:8500.
     */
    private String address;

    /** ACL token sent with every request. Default: the CONSUL_HTTP_TOKEN environment variable. */
    private String token;

    public String getAddress() {
      return address;
    }

    public void setAddress(String address) {
      this.address = address;
    }

    public String getToken() {
      return token;
    }

    public void setToken(String token) {
      this.token = token;
    }
  }

  /** How the service registers itself (Connect-native, with a TTL readiness check). */
  public static class Registration {
    /** Whether to register with the agent once the web server has started. */
    private boolean enabled = true;

    /** Instance ID. Default: {service}-{port}. */
    private String instanceId;

    /** Address peers dial (the web server's mesh port is registered with it). */
    private String address = "127.0.0.1";

    /** Catalog tags of the instance. */
    private List<String> tags = new ArrayList<>();

    /** Catalog metadata of the instance. */
    private Map<String, String> meta = new LinkedHashMap<>();

    /**
     * TTL of the readiness check (heartbeat every third of it); at least 1s. The check fails while
     * the leaf is expired or does not chain to the roots.
     */
    private Duration checkTtl = Duration.ofSeconds(10);

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public String getInstanceId() {
      return instanceId;
    }

    public void setInstanceId(String instanceId) {
      this.instanceId = instanceId;
    }

    public String getAddress() {
      return address;
    }

    public void setAddress(String address) {
      this.address = address;
    }

    public List<String> getTags() {
      return tags;
    }

    public void setTags(List<String> tags) {
      this.tags = tags;
    }

    public Map<String, String> getMeta() {
      return meta;
    }

    public void setMeta(Map<String, String> meta) {
      this.meta = meta;
    }

    public Duration getCheckTtl() {
      return checkTtl;
    }

    public void setCheckTtl(Duration checkTtl) {
      this.checkTtl = checkTtl;
    }
  }

  /** Policy of calls to one upstream (unset values: the SDK's defaults). */
  public static class Upstream {
    /** Load balancing: round-robin, random or least-outstanding (power of two choices). */
    private String loadBalancing;

    /** Attempts per call, the first included (1 = no retry). */
    private Integer maxAttempts;

    /** Datacenter the upstream is resolved in. */
    private String datacenter;

    /** TCP connect timeout per attempt. */
    private Duration connectTimeout;

    /** TLS handshake timeout per attempt. */
    private Duration handshakeTimeout;

    /** Whole-call timeout. */
    private Duration requestTimeout;

    /** Circuit breaker: failure rate in percent (0-100] that opens it. */
    private Float circuitBreakerFailureRate;

    /** Circuit breaker: how long it stays open. */
    private Duration circuitBreakerOpenFor;

    /** Outlier ejection: consecutive failures that eject an instance. */
    private Integer ejectAfterFailures;

    /** Outlier ejection: first ejection time (doubles for repeat offenders). */
    private Duration baseEjection;

    public String getLoadBalancing() {
      return loadBalancing;
    }

    public void setLoadBalancing(String loadBalancing) {
      this.loadBalancing = loadBalancing;
    }

    public Integer getMaxAttempts() {
      return maxAttempts;
    }

    public void setMaxAttempts(Integer maxAttempts) {
      this.maxAttempts = maxAttempts;
    }

    public String getDatacenter() {
      return datacenter;
    }

    public void setDatacenter(String datacenter) {
      this.datacenter = datacenter;
    }

    public Duration getConnectTimeout() {
      return connectTimeout;
    }

    public void setConnectTimeout(Duration connectTimeout) {
      this.connectTimeout = connectTimeout;
    }

    public Duration getHandshakeTimeout() {
      return handshakeTimeout;
    }

    public void setHandshakeTimeout(Duration handshakeTimeout) {
      this.handshakeTimeout = handshakeTimeout;
    }

    public Duration getRequestTimeout() {
      return requestTimeout;
    }

    public void setRequestTimeout(Duration requestTimeout) {
      this.requestTimeout = requestTimeout;
    }

    public Float getCircuitBreakerFailureRate() {
      return circuitBreakerFailureRate;
    }

    public void setCircuitBreakerFailureRate(Float circuitBreakerFailureRate) {
      this.circuitBreakerFailureRate = circuitBreakerFailureRate;
    }

    public Duration getCircuitBreakerOpenFor() {
      return circuitBreakerOpenFor;
    }

    public void setCircuitBreakerOpenFor(Duration circuitBreakerOpenFor) {
      this.circuitBreakerOpenFor = circuitBreakerOpenFor;
    }

    public Integer getEjectAfterFailures() {
      return ejectAfterFailures;
    }

    public void setEjectAfterFailures(Integer ejectAfterFailures) {
      this.ejectAfterFailures = ejectAfterFailures;
    }

    public Duration getBaseEjection() {
      return baseEjection;
    }

    public void setBaseEjection(Duration baseEjection) {
      this.baseEjection = baseEjection;
    }
  }
}
