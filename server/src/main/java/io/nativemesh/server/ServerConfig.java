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
package io.nativemesh.server;

import io.nativemesh.core.GoDuration;
import io.nativemesh.core.InvalidConfigurationException;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Configuration of a {@link ConsulServer}. Immutable and thread-safe; build with {@link
 * #builder()}. Validation happens in {@link Builder#build()}, which throws {@link
 * InvalidConfigurationException} naming the setting and the offending value.
 *
 * @since 0.1.0
 */
public final class ServerConfig {
  /** Consul's default HTTP port. */
  public static final int DEFAULT_HTTP_PORT = 8500;

  /** Consul's default {@code LeafCertTTL}: 72 h. */
  public static final Duration DEFAULT_LEAF_CERT_TTL = Duration.ofHours(72);

  /** Consul's minimum {@code LeafCertTTL} outside dev mode: 1 h. */
  public static final Duration MIN_LEAF_CERT_TTL = Duration.ofHours(1);

  /** Minimum leaf TTL in dev mode or with {@code -allow-short-leaf-cert-ttl}: 1 s. */
  public static final Duration MIN_DEV_LEAF_CERT_TTL = Duration.ofSeconds(1);

  /** Consul's maximum {@code LeafCertTTL}: 8760 h. */
  public static final Duration MAX_LEAF_CERT_TTL = Duration.ofHours(8760);

  /** Default CSR rate limit, per second: far above Consul's 50/s (0 = unlimited). */
  public static final double DEFAULT_CSR_MAX_PER_SECOND = 10_000;

  private static final Pattern DC = Pattern.compile("[a-z0-9_-]+");
  private static final Pattern NODE = Pattern.compile("[A-Za-z0-9._-]{1,128}");

  private final String bindAddress;
  private final int httpPort;
  private final String datacenter;
  private final String nodeName;
  private final boolean dev;
  private final DefaultIntentionPolicy defaultIntentionPolicy;
  private final Duration leafCertTtl;
  private final boolean shortLeafCertTtlAllowed;
  private final Clock clock;
  private final int maxRequestBodyBytes;
  private final Duration requestTimeout;
  private final Duration idleTimeout;
  private final HttpLimits httpLimits;
  private final double csrMaxPerSecond;
  private final Duration caRotationStagger;
  private final Duration sessionTtlMin;
  private final Path dataDir;
  private final String caPrivateKeyPem;
  private final String caRootCertPem;
  private final String caKeyType;
  private final boolean enableScriptChecks;
  private final boolean enableLocalScriptChecks;
  private final int caKeyBits;
  private final boolean aclEnabled;
  private final DefaultIntentionPolicy aclDefaultPolicy;
  private final String aclInitialManagement;
  private final boolean fsync;
  private final ClusterConfig cluster;

  private ServerConfig(
      Builder b, String nodeName, DefaultIntentionPolicy policy, Duration stagger) {
    this.bindAddress = b.bindAddress;
    this.httpPort = b.httpPort;
    this.datacenter = b.datacenter.toLowerCase(Locale.ROOT);
    this.nodeName = nodeName;
    this.dev = b.dev;
    this.defaultIntentionPolicy = policy;
    this.leafCertTtl = b.leafCertTtl;
    this.shortLeafCertTtlAllowed = b.shortLeafCertTtlAllowed;
    this.clock = b.clock;
    this.maxRequestBodyBytes = b.maxRequestBodyBytes;
    this.requestTimeout = b.requestTimeout;
    this.idleTimeout = b.idleTimeout;
    this.httpLimits = b.httpLimits == null ? HttpLimits.defaults() : b.httpLimits;
    this.csrMaxPerSecond = b.csrMaxPerSecond;
    this.caRotationStagger = stagger;
    this.sessionTtlMin = b.sessionTtlMin;
    this.dataDir = b.dataDir;
    this.caPrivateKeyPem = b.caPrivateKeyPem;
    this.caRootCertPem = b.caRootCertPem;
    this.caKeyType = b.caKeyType;
    this.enableScriptChecks = b.enableScriptChecks;
    this.enableLocalScriptChecks = b.enableLocalScriptChecks;
    this.caKeyBits = b.caKeyBits;
    this.aclEnabled = b.aclEnabled;
    this.aclDefaultPolicy = b.aclDefaultPolicy;
    this.aclInitialManagement = b.aclInitialManagement;
    this.fsync = b.fsync;
    this.cluster = b.cluster;
  }

  /**
   * @return the server-cluster settings, or null for a single server (docs/cluster.md)
   */
  public ClusterConfig cluster() {
    return cluster;
  }

  /**
   * @return false only for benchmarks measuring the no-fsync ceiling: writes are then not
   *     crash-safe
   */
  public boolean fsync() {
    return fsync;
  }

  /**
   * @return true when ACLs are enforced (Consul {@code acl.enabled})
   */
  public boolean aclEnabled() {
    return aclEnabled;
  }

  /**
   * @return {@code acl.default_policy}: what tokens without a matching rule (and anonymous) may do
   */
  public DefaultIntentionPolicy aclDefaultPolicy() {
    return aclDefaultPolicy;
  }

  /**
   * @return the secret of the initial management token ({@code acl.tokens.initial_management}), or
   *     null
   */
  public String aclInitialManagement() {
    return aclInitialManagement;
  }

  /**
   * @return the CA key to bootstrap with ({@code connect.ca_config.private_key}), or null to
   *     generate one
   */
  public String caPrivateKeyPem() {
    return caPrivateKeyPem;
  }

  /**
   * @return the CA root to bootstrap with ({@code connect.ca_config.root_cert}), or null
   */
  public String caRootCertPem() {
    return caRootCertPem;
  }

  /**
   * @return the key type of the first CA root and of leaves ({@code
   *     connect.ca_config.private_key_type}): {@code ec} (default) or {@code rsa}
   */
  public String caKeyType() {
    return caKeyType;
  }

  /**
   * @return Consul's {@code enable_script_checks}: script checks ({@code Args}) may be registered
   *     through the HTTP API and run
   */
  public boolean enableScriptChecks() {
    return enableScriptChecks;
  }

  /**
   * @return Consul's {@code enable_local_script_checks}. This server has no configuration-file
   *     service definitions, so it allows the same as {@link #enableScriptChecks()}: the agent API
   *     is this agent's local interface (docs/consul-api.md, "Check types")
   */
  public boolean enableLocalScriptChecks() {
    return enableLocalScriptChecks;
  }

  /**
   * @return the key size in bits ({@code connect.ca_config.private_key_bits}): 256 for {@code ec},
   *     2048 or 4096 for {@code rsa}
   */
  public int caKeyBits() {
    return caKeyBits;
  }

  /**
   * @return the smallest session TTL accepted ({@code session_ttl_min}), default 10 s
   */
  public Duration sessionTtlMin() {
    return sessionTtlMin;
  }

  /**
   * @return the data directory ({@code -data-dir}) holding the durable state, or null for in-memory
   *     state (dev mode without a data directory)
   */
  public Path dataDir() {
    return dataDir;
  }

  /**
   * @return a builder with Consul's defaults
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * @return HTTP bind address ({@code -client}), default {@code 127.0.0.1}
   */
  public String bindAddress() {
    return bindAddress;
  }

  /**
   * @return HTTP port ({@code -http-port}); 0 = ephemeral
   */
  public int httpPort() {
    return httpPort;
  }

  /**
   * @return datacenter ({@code -datacenter}), lowercased as Consul does, default {@code dc1}
   */
  public String datacenter() {
    return datacenter;
  }

  /**
   * @return node name ({@code -node}), default the host name
   */
  public String nodeName() {
    return nodeName;
  }

  /**
   * @return true in dev mode ({@code -dev})
   */
  public boolean dev() {
    return dev;
  }

  /**
   * @return the default intention decision; defaults to allow in dev mode and deny otherwise
   */
  public DefaultIntentionPolicy defaultIntentionPolicy() {
    return defaultIntentionPolicy;
  }

  /**
   * @return leaf certificate TTL ({@code -leaf-cert-ttl}), default 72 h
   */
  public Duration leafCertTtl() {
    return leafCertTtl;
  }

  /**
   * @return true when leaf TTLs from 1 s are accepted outside dev mode ({@code
   *     -allow-short-leaf-cert-ttl}), at start and in {@code PUT /v1/connect/ca/configuration}
   */
  public boolean shortLeafCertTtlAllowed() {
    return shortLeafCertTtlAllowed;
  }

  /**
   * @return the clock for certificate validity and renewal timing, default system UTC
   */
  public Clock clock() {
    return clock;
  }

  /**
   * @return maximum request body, bytes (larger → 413), default 4 MiB
   */
  public int maxRequestBodyBytes() {
    return maxRequestBodyBytes;
  }

  /**
   * @return time allowed to receive one complete request (else 408 and close), default 30 s
   */
  public Duration requestTimeout() {
    return requestTimeout;
  }

  /**
   * @return idle keep-alive connections are closed after this, default 90 s
   */
  public Duration idleTimeout() {
    return idleTimeout;
  }

  /**
   * @return the HTTP connection limits; default {@link HttpLimits#defaults()} (Consul config:
   *     {@code limits.http_max_conns_per_client})
   */
  public HttpLimits httpLimits() {
    return httpLimits;
  }

  /**
   * @return the initial {@code CSRMaxPerSecond} of the CA configuration; default {@link
   *     #DEFAULT_CSR_MAX_PER_SECOND} (Consul's default is 50); 0 = unlimited
   */
  public double csrMaxPerSecond() {
    return csrMaxPerSecond;
  }

  /**
   * @return after a CA root rotation, cached leaves are re-issued at random points within this
   *     window (Consul: 30 s); default 1 s in dev mode, 30 s otherwise
   */
  public Duration caRotationStagger() {
    return caRotationStagger;
  }

  @Override
  public String toString() {
    return "ServerConfig[bind="
        + bindAddress
        + ":"
        + httpPort
        + ", dc="
        + datacenter
        + ", node="
        + nodeName
        + ", dev="
        + dev
        + ", defaultIntentionPolicy="
        + defaultIntentionPolicy.wireName()
        + ", leafCertTtl="
        + GoDuration.format(leafCertTtl)
        + (shortLeafCertTtlAllowed ? ", shortLeafCertTtlAllowed" : "")
        + "]";
  }

  /** Builder; not thread-safe. Every setter returns the builder. */
  public static final class Builder {
    private String bindAddress = "127.0.0.1";
    private int httpPort = DEFAULT_HTTP_PORT;
    private String datacenter = "dc1";
    private String nodeName;
    private boolean dev;
    private DefaultIntentionPolicy defaultIntentionPolicy;
    private Duration leafCertTtl = DEFAULT_LEAF_CERT_TTL;
    private boolean shortLeafCertTtlAllowed;
    private Clock clock = Clock.systemUTC();
    private int maxRequestBodyBytes = 4 * 1024 * 1024;
    private Duration requestTimeout = Duration.ofSeconds(30);
    private Duration idleTimeout = Duration.ofSeconds(90);
    private HttpLimits httpLimits;
    private double csrMaxPerSecond = DEFAULT_CSR_MAX_PER_SECOND;
    private Duration caRotationStagger;
    private Duration sessionTtlMin = Duration.ofSeconds(10);
    private Path dataDir;
    private ClusterConfig cluster;
    private String caPrivateKeyPem;
    private String caRootCertPem;
    private String caKeyType = "ec";
    private boolean enableScriptChecks;
    private boolean enableLocalScriptChecks;
    private int caKeyBits = 256;
    private boolean aclEnabled;
    private DefaultIntentionPolicy aclDefaultPolicy = DefaultIntentionPolicy.ALLOW;
    private String aclInitialManagement;
    private boolean fsync = true;

    private Builder() {}

    /**
     * @param fsync false to skip the fsync of each group commit (benchmarks of the durability cost
     *     only: acknowledged writes may then be lost on a crash); default true
     * @return this
     */
    public Builder fsync(boolean fsync) {
      this.fsync = fsync;
      return this;
    }

    /**
     * Consul {@code acl} block.
     *
     * @param enabled {@code acl.enabled}
     * @param defaultPolicy {@code acl.default_policy} (default allow)
     * @param initialManagement {@code acl.tokens.initial_management} secret, or null
     * @return this
     */
    public Builder acl(
        boolean enabled, DefaultIntentionPolicy defaultPolicy, String initialManagement) {
      this.aclEnabled = enabled;
      this.aclDefaultPolicy = Objects.requireNonNull(defaultPolicy, "defaultPolicy");
      this.aclInitialManagement =
          initialManagement == null || initialManagement.isEmpty() ? null : initialManagement;
      return this;
    }

    /**
     * @param privateKeyPem EC P-256 or RSA 2048/4096 PEM key for the first CA root (Consul {@code
     *     connect.ca_config.private_key}); null = generate
     * @param rootCertPem matching root certificate PEM, or null to build one from the key
     * @return this
     */
    public Builder caKeyMaterial(String privateKeyPem, String rootCertPem) {
      this.caPrivateKeyPem = privateKeyPem;
      this.caRootCertPem = rootCertPem;
      return this;
    }

    /**
     * @param enable Consul's {@code enable_script_checks} (flag {@code -enable-script-checks}):
     *     script checks ({@code Args}) may be registered through the HTTP API and run; default
     *     false
     * @return this
     */
    public Builder enableScriptChecks(boolean enable) {
      this.enableScriptChecks = enable;
      return this;
    }

    /**
     * @param enable Consul's {@code enable_local_script_checks} (flag {@code
     *     -enable-local-script-checks}); default false
     * @return this
     */
    public Builder enableLocalScriptChecks(boolean enable) {
      this.enableLocalScriptChecks = enable;
      return this;
    }

    /**
     * Consul API: {@code PrivateKeyType}/{@code PrivateKeyBits} of the CA configuration, used for
     * the first generated root and for every leaf until a {@code PUT /v1/connect/ca/configuration}
     * changes them.
     *
     * @param type {@code ec} (default) or {@code rsa}
     * @param bits 256 for {@code ec}; 2048 or 4096 for {@code rsa}
     * @return this
     * @throws IllegalArgumentException for another type or size, naming it
     */
    public Builder caKeyType(String type, int bits) {
      boolean ok =
          "ec".equals(type) ? bits == 256 : "rsa".equals(type) && (bits == 2048 || bits == 4096);
      if (!ok) {
        throw new IllegalArgumentException(
            "unsupported CA key type " + type + " with " + bits + " bits (ec 256, rsa 2048/4096)");
      }
      this.caKeyType = type;
      this.caKeyBits = bits;
      return this;
    }

    /**
     * @param min smallest accepted session TTL (Consul {@code session_ttl_min}, default 10 s),
     *     positive
     * @return this
     */
    public Builder sessionTtlMin(Duration min) {
      this.sessionTtlMin = min;
      return this;
    }

    /**
     * @param cluster the server-cluster settings (needs a data directory, not dev mode); null for a
     *     single server
     * @return this builder
     */
    public Builder cluster(ClusterConfig cluster) {
      this.cluster = cluster;
      return this;
    }

    /**
     * @param dir data directory for durable state ({@code -data-dir}); null = in memory (dev only)
     * @return this
     */
    public Builder dataDir(Path dir) {
      this.dataDir = dir;
      return this;
    }

    /**
     * @param perSecond initial CSR rate limit ({@code CSRMaxPerSecond}), ≥ 0; 0 = unlimited
     * @return this
     */
    public Builder csrMaxPerSecond(double perSecond) {
      this.csrMaxPerSecond = perSecond;
      return this;
    }

    /**
     * @param stagger re-issue window for cached leaves after a root rotation, ≥ 0; null = default
     *     (1 s in dev mode, 30 s otherwise)
     * @return this
     */
    public Builder caRotationStagger(Duration stagger) {
      this.caRotationStagger = stagger;
      return this;
    }

    /**
     * @param address IP address or host name to bind the HTTP API to
     * @return this
     */
    public Builder bindAddress(String address) {
      this.bindAddress = address;
      return this;
    }

    /**
     * @param port 0..65535; 0 picks an ephemeral port (tests)
     * @return this
     */
    public Builder httpPort(int port) {
      this.httpPort = port;
      return this;
    }

    /**
     * @param datacenter letters, digits, {@code _} and {@code -}; lowercased
     * @return this
     */
    public Builder datacenter(String datacenter) {
      this.datacenter = datacenter;
      return this;
    }

    /**
     * @param nodeName letters, digits, {@code . _ -}, at most 128 characters; null = host name
     * @return this
     */
    public Builder nodeName(String nodeName) {
      this.nodeName = nodeName;
      return this;
    }

    /**
     * @param dev dev mode: permissive defaults and seconds-long leaf TTLs
     * @return this
     */
    public Builder dev(boolean dev) {
      this.dev = dev;
      return this;
    }

    /**
     * @param policy decision when no intention matches; null = allow in dev mode, deny otherwise
     * @return this
     */
    public Builder defaultIntentionPolicy(DefaultIntentionPolicy policy) {
      this.defaultIntentionPolicy = policy;
      return this;
    }

    /**
     * @param ttl leaf TTL: 1 h to 8760 h (Consul's bounds); in dev mode from 1 s
     * @return this
     */
    public Builder leafCertTtl(Duration ttl) {
      this.leafCertTtl = ttl;
      return this;
    }

    /**
     * Accepts leaf TTLs from 1 s outside dev mode ({@code -allow-short-leaf-cert-ttl}), for tests
     * and demos that must watch certificates rotate on a durable server or a cluster. Consul's
     * minimum outside dev mode is 1 h; a production server should keep it.
     *
     * @param allowed true to accept TTLs from 1 s
     * @return this
     */
    public Builder allowShortLeafCertTtl(boolean allowed) {
      this.shortLeafCertTtlAllowed = allowed;
      return this;
    }

    /**
     * @param clock time source for certificate validity and renewal timing
     * @return this
     */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /**
     * @param bytes maximum request body in bytes, at least 1024
     * @return this
     */
    public Builder maxRequestBodyBytes(int bytes) {
      this.maxRequestBodyBytes = bytes;
      return this;
    }

    /**
     * @param timeout time allowed to receive one complete request, positive
     * @return this
     */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = timeout;
      return this;
    }

    /**
     * @param timeout idle keep-alive timeout, positive
     * @return this
     */
    public Builder idleTimeout(Duration timeout) {
      this.idleTimeout = timeout;
      return this;
    }

    /**
     * @param limits HTTP connection limits; null for {@link HttpLimits#defaults()}
     * @return this
     */
    public Builder httpLimits(HttpLimits limits) {
      this.httpLimits = limits;
      return this;
    }

    /**
     * @return the validated configuration
     * @throws InvalidConfigurationException naming the setting and value when one is invalid
     */
    public ServerConfig build() {
      if (bindAddress == null || bindAddress.isBlank()) {
        throw new InvalidConfigurationException(
            "invalid bind address (-client) '" + bindAddress + "': empty");
      }
      if (httpPort < 0 || httpPort > 65535) {
        throw new InvalidConfigurationException(
            "invalid HTTP port (-http-port) " + httpPort + ": must be 0..65535");
      }
      if (datacenter == null || !DC.matcher(datacenter.toLowerCase(Locale.ROOT)).matches()) {
        throw new InvalidConfigurationException(
            "invalid datacenter (-datacenter) '"
                + datacenter
                + "': only letters, digits, '_' and '-' are allowed");
      }
      String node = nodeName == null ? defaultNodeName() : nodeName;
      if (!NODE.matcher(node).matches()) {
        throw new InvalidConfigurationException(
            "invalid node name (-node) '" + node + "': 1-128 letters, digits, '.', '_' or '-'");
      }
      Objects.requireNonNull(leafCertTtl, "leafCertTtl");
      boolean shortTtl = dev || shortLeafCertTtlAllowed;
      Duration min = shortTtl ? MIN_DEV_LEAF_CERT_TTL : MIN_LEAF_CERT_TTL;
      if (leafCertTtl.compareTo(min) < 0) {
        throw new InvalidConfigurationException(
            "invalid leaf certificate TTL (-leaf-cert-ttl) "
                + GoDuration.format(leafCertTtl)
                + ": must be at least "
                + GoDuration.format(min)
                + (shortTtl
                    ? ""
                    : " outside dev mode (Consul's minimum LeafCertTTL; -allow-short-leaf-cert-ttl"
                        + " accepts 1s for tests and demos)"));
      }
      if (leafCertTtl.compareTo(MAX_LEAF_CERT_TTL) > 0) {
        throw new InvalidConfigurationException(
            "invalid leaf certificate TTL (-leaf-cert-ttl) "
                + GoDuration.format(leafCertTtl)
                + ": must be at most 8760h");
      }
      Objects.requireNonNull(clock, "clock");
      if (maxRequestBodyBytes < 1024) {
        throw new InvalidConfigurationException(
            "invalid maximum request body " + maxRequestBodyBytes + ": at least 1024 bytes");
      }
      if (requestTimeout == null || requestTimeout.isNegative() || requestTimeout.isZero()) {
        throw new InvalidConfigurationException(
            "invalid request timeout " + requestTimeout + ": must be positive");
      }
      if (idleTimeout == null || idleTimeout.isNegative() || idleTimeout.isZero()) {
        throw new InvalidConfigurationException(
            "invalid idle timeout " + idleTimeout + ": must be positive");
      }
      if (!(csrMaxPerSecond >= 0) || Double.isInfinite(csrMaxPerSecond)) {
        throw new InvalidConfigurationException(
            "invalid CSR rate limit " + csrMaxPerSecond + ": must be a finite number >= 0");
      }
      if (sessionTtlMin == null || sessionTtlMin.isNegative() || sessionTtlMin.isZero()) {
        throw new InvalidConfigurationException(
            "invalid session_ttl_min " + sessionTtlMin + ": must be positive");
      }
      if (!dev && dataDir == null) {
        throw new InvalidConfigurationException(
            "a data directory (-data-dir) is required outside dev mode");
      }
      if (cluster != null && (dev || dataDir == null)) {
        throw new InvalidConfigurationException(
            "-server needs -data-dir and cannot be combined with -dev");
      }
      Duration stagger =
          caRotationStagger != null
              ? caRotationStagger
              : dev ? Duration.ofSeconds(1) : Duration.ofSeconds(30);
      if (stagger.isNegative()) {
        throw new InvalidConfigurationException(
            "invalid CA rotation stagger " + stagger + ": must not be negative");
      }
      DefaultIntentionPolicy policy =
          defaultIntentionPolicy != null
              ? defaultIntentionPolicy
              : dev ? DefaultIntentionPolicy.ALLOW : DefaultIntentionPolicy.DENY;
      return new ServerConfig(this, node, policy, stagger);
    }

    private static String defaultNodeName() {
      String env = System.getenv("HOSTNAME");
      String name = env;
      if (name == null || name.isBlank()) {
        try {
          name = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
          name = "nativemesh";
        }
      }
      int dot = name.indexOf('.');
      name = dot > 0 ? name.substring(0, dot) : name;
      return NODE.matcher(name).matches() ? name : "nativemesh";
    }
  }
}
