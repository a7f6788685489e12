package io.nativemesh;

import io.nativemesh.blocking.WatchOptions;
import io.nativemesh.blocking.Watches;
import io.nativemesh.core.InvalidConfigurationException;
import io.nativemesh.core.MissingDependencyException;
import io.nativemesh.core.ServiceIdentity;
import io.nativemesh.core.SpiffeId;
import io.nativemesh.consul.ConsulClient;
import io.nativemesh.core.model.CheckDefinition;
import io.nativemesh.core.model.ConnectSettings;
import io.nativemesh.core.model.ServiceRegistration;
import io.nativemesh.discovery.InboundForwarder;
import io.nativemesh.discovery.LocalForwarders;
import io.nativemesh.discovery.MeshDialer;
import io.nativemesh.discovery.UpstreamListener;
import io.nativemesh.discovery.UpstreamPolicy;
import io.nativemesh.discovery.UpstreamTarget;
import io.nativemesh.discovery.MeshConnectException;
import io.nativemesh.discovery.MeshHttpClients;
import io.nativemesh.discovery.RefusalDiagnostics;
import io.nativemesh.discovery.UpstreamResolver;
import io.nativemesh.tls.CertificateInfo;
import io.nativemesh.tls.MeshSslContexts;
import io.nativemesh.tls.MeshState;
import io.nativemesh.tls.MeshStateListener;
import io.nativemesh.tls.MeshTlsSource;
import io.nativemesh.tls.MeshTrustManager;
import io.nativemesh.tls.MeshMetrics;
import io.nativemesh.tls.RequestAuthorizer;
import io.nativemesh.tls.Readiness;
import io.nativemesh.tls.TlsPolicy;
import io.nativemesh.gossip.GossipConfig;
import io.nativemesh.gossip.GossipException;
import io.nativemesh.gossip.GossipPool;
import io.nativemesh.gossip.JoinException;
import io.nativemesh.internal.GossipBridge;
import io.nativemesh.netty.MeshNettyContexts;
import io.nativemesh.netty.TlsEngine;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Connect-native service: its own SPIFFE leaf certificate, mutual TLS in-process, upstreams
 * resolved through blocking-query watches, inbound peers authorized against intentions. The one type
 * most applications need.
 *
 * <pre>{@code
 * MeshService mesh = MeshService.builder("greeting").build();   // CONSUL_HTTP_ADDR / CONSUL_HTTP_TOKEN
 * mesh.register("greeting-1", "127.0.0.1", 8443);                // Connect.Native = true
 * mesh.awaitReady(Duration.ofSeconds(30));
 * SSLContext server = mesh.serverSslContext();                   // serve mTLS; never needs reloading
 * OkHttpClient http = mesh.httpClient();                         // http://name/... through the mesh
 * }</pre>
 *
 * <p>The TLS contexts are built once; their key and trust managers read the current leaf, roots and
 * intentions on every handshake, so rotations need no reload. Registration carries a TTL check that
 * passes only while the mesh identity is ready (leaf valid and chaining to the current roots), so the
 * catalog stops routing to an instance whose certificate silently stopped renewing.
 *
 * <p>Thread-safe. {@link #close()} deregisters and stops every watch.
 */
public final class MeshService implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MeshService.class);
  /** Maven coordinates of the optional jar {@link #joinGossip} needs. */
  public static final String GOSSIP_ARTIFACT = "io.nativemesh:nativemesh-gossip-lite";

  private final String service;
  private final ConsulClient consul;
  private final boolean ownsConsul;
  private final ScheduledExecutorService scheduler;
  private final Watches watches;
  private final TlsPolicy policy;
  private final RequestAuthorizer requestAuthorizer;
  private final MeshTlsSource tls;
  private final SSLContext sslContext;
  private final MeshTrustManager trustManager;
  private final UpstreamResolver resolver;
  private final RefusalDiagnostics diagnostics;
  private final Duration checkTtl;
  private final MeshDialer dialer;
  private final TlsEngine forwarderEngine;
  private final UpstreamPolicy defaultPolicy;
  private final Object lock = new Object();
  private LocalForwarders forwarders;
  private OkHttpClient httpClient;
  private final List<String> registeredIds = new ArrayList<>();
  private final List<ScheduledFuture<?>> heartbeats = new ArrayList<>();
  private GossipBridge gossip;
  private volatile boolean closed;

  private MeshService(Builder b) {
    this.service = b.service;
    this.ownsConsul = b.consul == null;
    this.consul = b.consul != null ? b.consul : ConsulClient.builder().fromEnvironment(System.getenv()).build();
    ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(2, r -> {
      Thread t = new Thread(r, "nativemesh-" + b.service);
      t.setDaemon(true);
      return t;
    });
    s.setRemoveOnCancelPolicy(true);
    this.scheduler = s;
    this.policy = new TlsPolicy(b.clock, b.strictTrustDomain, b.l7EnforcedPerRequest, b.metrics);
    this.watches = new Watches(consul, b.watchOptions, b.clock, scheduler);
    this.tls = new MeshTlsSource(watches, service, policy, false, scheduler);
    this.requestAuthorizer = new RequestAuthorizer(tls.store(), b.metrics);
    this.trustManager = new MeshTrustManager(tls.store(), policy);
    this.sslContext = MeshSslContexts.sslContext(tls.store(), policy);
    this.diagnostics = new RefusalDiagnostics(consul);
    this.resolver = new UpstreamResolver(watches, b.watchOptions, this::localDatacenter, b.resolveTimeout,
        b.upstreamPolicy, System::nanoTime);
    b.upstreams.forEach((target, p) -> resolver.configure(target, p));
    this.defaultPolicy = b.upstreamPolicy;
    this.forwarderEngine = b.forwarderEngine;
    this.dialer = new MeshDialer(sslContext, resolver, tls.store()::current, diagnostics);
    this.checkTtl = b.checkTtl;
  }

  /**
   * @param service the service name: letters, digits and {@code -_.}; this is the name leaf
   *     certificates are requested for and intentions name
   * @return a builder
   * @throws InvalidConfigurationException if the name is not a valid service name
   */
  public static Builder builder(String service) {
    return new Builder(service);
  }

  /** @return the service name */
  public String serviceName() {
    return service;
  }

  /** @return our identity, once ready */
  public Optional<ServiceIdentity> identity() {
    MeshState s = tls.store().current();
    return s == null ? Optional.empty() : Optional.of(s.identity());
  }

  /** @return the current mesh state (leaf, roots, intentions), or null before ready */
  public MeshState state() {
    return tls.store().current();
  }

  /**
   * Waits until the leaf certificate, CA roots and intentions are loaded.
   *
   * @param timeout how long to wait
   * @return the first state
   * @throws MeshNotReadyException with the readiness reason if the timeout passes
   */
  public MeshState awaitReady(Duration timeout) {
    try {
      return tls.ready().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new MeshNotReadyException(service + " not ready after " + timeout + ": " + tls.readiness().reason());
    } catch (ExecutionException e) {
      throw new MeshNotReadyException(service + " not ready: " + e.getCause().getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MeshNotReadyException(service + " not ready: interrupted");
    }
  }

  /** @return readiness now (false once the leaf expired or stopped chaining to the roots) */
  public Readiness readiness() {
    return tls.readiness();
  }

  /**
   * Registers an instance with {@code Connect.Native = true} and a TTL check fed by
   * {@link #readiness()} (Consul API: {@code PUT /v1/agent/service/register}). Deregistered on close.
   *
   * @param instanceId unique instance ID, e.g. {@code greeting-1}
   * @param address advertised address peers dial
   * @param port mesh (mTLS) port
   * @throws io.nativemesh.consul.ConsulApiException if the agent refuses (e.g. 403 without
   *     {@code service:write})
   */
  public void register(String instanceId, String address, int port) {
    String checkId = "service:" + instanceId;
    CheckDefinition check = new CheckDefinition(checkId, "Mesh identity ready", "passes while the leaf certificate is valid and chains to the CA roots",
        "critical", null, checkTtl.toSeconds() + "s", null, null, null, null, null, null, null);
    consul.agent().register(new ServiceRegistration(instanceId, service, List.of(), address, port, null, null,
        new ConnectSettings(true), check, null, null));
    synchronized (lock) {
      registeredIds.add(instanceId);
      long every = Math.max(200, checkTtl.toMillis() / 3);
      heartbeats.add(scheduler.scheduleWithFixedDelay(() -> heartbeat(checkId), 0, every, TimeUnit.MILLISECONDS));
    }
    log.info("registered {} ({}:{}) as Connect-native service {}", instanceId, address, port, service);
  }

  private void heartbeat(String checkId) {
    if (closed) {
      return;
    }
    Readiness r = tls.readiness();
    try {
      consul.agent().ttlCheck(checkId, r.ready() ? "pass" : "fail", r.reason());
    } catch (RuntimeException e) {
      log.debug("TTL check update for {} failed: {}", checkId, e.getMessage());
    }
  }

  /**
   * The mTLS {@link SSLContext} to serve with (and to dial with, through {@link #dial}). Every engine
   * and socket it creates requires a client certificate; inbound clients are authorized against the
   * intentions in the handshake. Never needs reloading.
   *
   * @return the context (the same instance on every call)
   */
  public SSLContext serverSslContext() {
    return sslContext;
  }

  /** @return the trust manager inside {@link #serverSslContext()} */
  public MeshTrustManager trustManager() {
    return trustManager;
  }

  /**
   * @param engine the TLS engine; null for {@code TlsEngine.AUTO}
   * @return a Netty server context (mutual TLS, ALPN h2 + http/1.1), built anew on each call but
   *     never needing a reload
   * @throws MissingDependencyException if {@code io.nativemesh:nativemesh-sdk-netty} is not on the
   *     class path (it is an optional dependency)
   */
  public SslContext nettyServerContext(TlsEngine engine) {
    LocalForwarders.requireNetty("nettyServerContext");
    return MeshNettyContexts.server(tls.store(), policy, engine == null ? TlsEngine.AUTO : engine);
  }

  /**
   * Per-request authorization for HTTP servers: call it with the caller's identity
   * ({@link #peerIdentity}) on every request, so L7 intentions (path, method, headers) are enforced
   * and intention changes apply to long-lived and resumed connections at once. Build the service
   * with {@link Builder#l7EnforcedPerRequest(boolean) l7EnforcedPerRequest(true)} so that
   * L7-matched callers get past the handshake.
   *
   * @return the authorizer (the same instance on every call)
   */
  public RequestAuthorizer requestAuthorizer() {
    return requestAuthorizer;
  }

  /**
   * The mesh HTTP client: {@code http://<service>/path} reaches a healthy instance of the upstream
   * over mTLS, verifying its identity. Shared: the same client on every call.
   *
   * @return the client
   */
  public OkHttpClient httpClient() {
    synchronized (lock) {
      if (httpClient == null) {
        OkHttpClient base = new OkHttpClient.Builder()
            .connectTimeout(Duration.ofSeconds(5)).readTimeout(Duration.ofSeconds(30)).build();
        httpClient = MeshHttpClients.create(base, sslContext, trustManager, tls.store(), resolver, diagnostics);
      }
      return httpClient;
    }
  }

  /**
   * Opens a verified mutual-TLS connection to a healthy instance of an upstream, balanced and
   * retried on another instance per the upstream's {@link UpstreamPolicy}.
   *
   * @param upstream the service name
   * @param timeout connect and handshake timeout per attempt
   * @return the connected socket, handshake done, peer identity verified
   * @throws MeshConnectException if the handshake was refused (with the reason)
   * @throws io.nativemesh.discovery.UpstreamCircuitOpenException if the upstream's breaker is open
   * @throws IOException if no instance could be reached
   */
  public SSLSocket dial(String upstream, Duration timeout) throws IOException {
    return dialer.dial(upstream, timeout);
  }

  /**
   * As {@link #dial(String, Duration)} with the upstream policy's timeouts.
   *
   * @param upstream the service name
   * @return the connected socket
   * @throws IOException as {@link #dial(String, Duration)}
   */
  public SSLSocket dial(String upstream) throws IOException {
    return dialer.dial(upstream, null);
  }

  /** @return the upstream resolver (endpoints, ejections, breaker state) */
  public UpstreamResolver upstreams() {
    return resolver;
  }

  /**
   * Joins a gossip pool (SWIM + Lifeguard, wire-compatible with hashicorp/memberlist) as this
   * instance, advertising the service name and mesh address in the node metadata
   * ({@code nativemesh service=<name> addr=<host>:<port>}). When the pool declares another member
   * failed or gone, its mesh address is marked down in {@link #upstreams()} at once, before the
   * catalog's health checks notice; when it is alive again it is marked up. The pool is left cleanly
   * on {@link #close()}.
   *
   * @param config pool configuration (node name, bind address, seeds, keyring, profile); its
   *     metadata is replaced by the mesh metadata
   * @param meshHost the advertised mesh address of this instance
   * @param meshPort the mesh port of this instance
   * @return the running pool
   * @throws GossipException if the pool cannot bind
   * @throws JoinException if seeds were given and none answered
   * @throws MissingDependencyException if {@code io.nativemesh:nativemesh-gossip-lite} is not on the
   *     class path (it is an optional dependency)
   */
  public GossipPool joinGossip(GossipConfig.Builder config, String meshHost, int meshPort) {
    MissingDependencyException.require("joinGossip", GOSSIP_ARTIFACT, MeshService.class.getClassLoader(),
        "io.nativemesh.gossip.GossipPool");
    GossipBridge bridge;
    synchronized (lock) {
      if (gossip == null) {
        gossip = new GossipBridge(service, resolver);
      }
      bridge = gossip;
    }
    return bridge.join(config, meshHost, meshPort);
  }

  private LocalForwarders forwarders() {
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException(this + " is closed");
      }
      if (forwarders == null) {
        forwarders = new LocalForwarders(tls.store(), policy, forwarderEngine, resolver, diagnostics,
            Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())));
      }
      return forwarders;
    }
  }

  /**
   * Listens on {@code 127.0.0.1:localPort} and forwards every connection over mutual TLS to a
   * healthy instance of {@code upstream} (Consul's {@code local_bind_port}): point a JDBC URL or a
   * Redis client at it unchanged.
   *
   * @param upstream the upstream service (its configured target and policy)
   * @param localPort the local port, 0 for a free one
   * @return the running listener; close it to stop
   * @throws IOException if the port cannot be bound
   * @throws MissingDependencyException if {@code io.nativemesh:nativemesh-sdk-netty} is not on the
   *     class path (it is an optional dependency)
   */
  public UpstreamListener upstreamListener(String upstream, int localPort) throws IOException {
    return upstreamListener(resolver.target(upstream), new InetSocketAddress("127.0.0.1", localPort));
  }

  /**
   * @param target the upstream (datacenter, tag, namespace)
   * @param bind where to listen
   * @return the running listener; close it to stop
   * @throws IOException if the address cannot be bound
   * @throws MissingDependencyException if {@code io.nativemesh:nativemesh-sdk-netty} is not on the
   *     class path
   */
  public UpstreamListener upstreamListener(UpstreamTarget target, InetSocketAddress bind) throws IOException {
    return forwarders().upstreamListener(target, bind);
  }

  /**
   * Terminates mutual TLS on {@code 0.0.0.0:meshPort}, authorizes callers against this service's
   * intentions in the handshake and forwards them to the plain TCP server at
   * {@code localHost:localPort}, so an unmodified server (Redis, Postgres) joins the mesh. Register
   * the mesh port with {@link #register}.
   *
   * @param meshPort the mesh port, 0 for a free one
   * @param localHost the local server's host, normally {@code 127.0.0.1}
   * @param localPort the local server's port
   * @return the running forwarder; close it to stop
   * @throws IOException if the port cannot be bound
   * @throws MissingDependencyException if {@code io.nativemesh:nativemesh-sdk-netty} is not on the
   *     class path (it is an optional dependency)
   */
  public InboundForwarder inboundForwarder(int meshPort, String localHost, int localPort) throws IOException {
    return inboundForwarder(new InetSocketAddress(meshPort), new InetSocketAddress(localHost, localPort));
  }

  /**
   * @param meshBind where mesh peers connect
   * @param local the plain TCP server
   * @return the running forwarder; close it to stop
   * @throws IOException if the address cannot be bound
   * @throws MissingDependencyException if {@code io.nativemesh:nativemesh-sdk-netty} is not on the
   *     class path
   */
  public InboundForwarder inboundForwarder(InetSocketAddress meshBind, InetSocketAddress local) throws IOException {
    return forwarders().inboundForwarder(meshBind, local, defaultPolicy);
  }

  /**
   * @param listener told after each new mesh state (rotations, root and intention changes)
   * @return closing it removes the listener
   */
  public AutoCloseable addStateListener(MeshStateListener listener) {
    return tls.store().addListener(listener);
  }

  /**
   * The SPIFFE identity of the peer of an established mesh TLS session.
   *
   * @param session a handshaken session
   * @return the peer's service identity
   * @throws SSLPeerUnverifiedException if the peer presented no valid mesh certificate
   */
  public static ServiceIdentity peerIdentity(SSLSession session) throws SSLPeerUnverifiedException {
    Certificate[] certs = session.getPeerCertificates();
    if (certs.length == 0 || !(certs[0] instanceof X509Certificate leaf)) {
      throw new SSLPeerUnverifiedException("peer presented no X.509 certificate");
    }
    List<String> uris = CertificateInfo.uriSans(leaf);
    if (uris.size() != 1) {
      throw new SSLPeerUnverifiedException("peer certificate has URI SANs " + uris);
    }
    return SpiffeId.parse(uris.get(0)).asService();
  }

  /** @return the shared watches (for KV and other blocking reads) */
  public Watches watches() {
    return watches;
  }

  /** @return the Consul client */
  public ConsulClient consul() {
    return consul;
  }

  /** @return how many times the expiry watchdog had to force a leaf refresh */
  public int watchdogForcedRefreshes() {
    return tls.watchdogForcedRefreshes();
  }

  private String localDatacenter() {
    MeshState s = tls.store().current();
    return s == null ? "dc1" : s.identity().datacenter();
  }

  /** Deregisters the instances registered here, stops the watches and releases threads. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    synchronized (lock) {
      heartbeats.forEach(h -> h.cancel(false));
      if (gossip != null) {
        gossip.close();
      }
      for (String id : registeredIds) {
        try {
          consul.agent().deregister(id);
        } catch (RuntimeException e) {
          log.warn("deregistering {} failed: {}", id, e.getMessage());
        }
      }
      if (forwarders != null) {
        forwarders.close();
      }
      if (httpClient != null) {
        httpClient.dispatcher().executorService().shutdown();
        httpClient.connectionPool().evictAll();
      }
    }
    tls.close();
    resolver.close();
    watches.close();
    scheduler.shutdownNow();
    if (ownsConsul) {
      consul.close();
    }
  }

  /** Builder of {@link MeshService}; not thread-safe. */
  public static final class Builder {
    private final String service;
    private ConsulClient consul;
    private Clock clock = Clock.systemUTC();
    private boolean strictTrustDomain;
    private boolean l7EnforcedPerRequest;
    private MeshMetrics metrics = MeshMetrics.NOOP;
    private WatchOptions watchOptions = WatchOptions.DEFAULTS;
    private Duration resolveTimeout = Duration.ofSeconds(10);
    private Duration checkTtl = Duration.ofSeconds(10);
    private UpstreamPolicy upstreamPolicy = UpstreamPolicy.DEFAULT;
    private final Map<UpstreamTarget, UpstreamPolicy> upstreams = new LinkedHashMap<>();
    private TlsEngine forwarderEngine; // null: AUTO, without touching sdk-netty

    private Builder(String service) {
      if (service == null || !service.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
        throw new InvalidConfigurationException("invalid service name '" + service
            + "' (letters, digits, '.', '-' and '_', starting with a letter or digit)");
      }
      this.service = service;
    }

    /**
     * @param client the Consul client to use (not closed by the service); default: one built from
     *     {@code CONSUL_HTTP_ADDR} / {@code CONSUL_HTTP_TOKEN}
     * @return this
     */
    public Builder consul(ConsulClient client) {
      this.consul = Objects.requireNonNull(client, "client");
      return this;
    }

    /**
     * @param c time source for certificate validity, readiness and rate limits (tests inject one)
     * @return this
     */
    public Builder clock(Clock c) {
      this.clock = Objects.requireNonNull(c, "clock");
      return this;
    }

    /**
     * @param strict require peers to be in our trust domain (default false, as Consul)
     * @return this
     */
    public Builder strictTrustDomain(boolean strict) {
      this.strictTrustDomain = strict;
      return this;
    }

    /**
     * @param m where handshake verifications, authorization decisions, renewals and watch errors are
     *     reported, e.g. {@code new MicrometerMeshMetrics(registry)} (default: nothing)
     * @return this
     */
    public Builder metrics(MeshMetrics m) {
      this.metrics = Objects.requireNonNull(m, "metrics");
      return this;
    }

    /**
     * @param enforced admit L7-matched clients at connection level because the HTTP integration
     *     checks permissions per request (default false: L7 intentions deny at connection level)
     * @return this
     */
    public Builder l7EnforcedPerRequest(boolean enforced) {
      this.l7EnforcedPerRequest = enforced;
      return this;
    }

    /**
     * @param options blocking-query loop tuning
     * @return this
     */
    public Builder watchOptions(WatchOptions options) {
      this.watchOptions = Objects.requireNonNull(options, "options");
      return this;
    }

    /**
     * @param ttl TTL of the readiness check registered with each instance (heartbeat every ttl/3);
     *     at least 1 s
     * @return this
     */
    public Builder checkTtl(Duration ttl) {
      if (ttl.compareTo(Duration.ofSeconds(1)) < 0) {
        throw new InvalidConfigurationException("check TTL must be at least 1s, was " + ttl);
      }
      this.checkTtl = ttl;
      return this;
    }

    /**
     * @param timeout how long the first resolution of an upstream waits for the catalog
     * @return this
     */
    public Builder resolveTimeout(Duration timeout) {
      this.resolveTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /**
     * @param policy balancing, retries, ejection, breaker and timeouts of upstreams not configured
     *     with {@link #upstream}
     * @return this
     */
    public Builder upstreamPolicy(UpstreamPolicy policy) {
      this.upstreamPolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Resolves {@code target.service()} with the target's datacenter, tag and namespace.
     *
     * @param target the upstream
     * @param policy its policy, or null for the default
     * @return this
     */
    public Builder upstream(UpstreamTarget target, UpstreamPolicy policy) {
      this.upstreams.put(Objects.requireNonNull(target, "target"), policy);
      return this;
    }

    /**
     * @param engine TLS engine of the local forwarders (default {@link TlsEngine#AUTO}: OpenSSL when
     *     netty-tcnative is on the class path)
     * @return this
     */
    public Builder forwarderEngine(TlsEngine engine) {
      this.forwarderEngine = Objects.requireNonNull(engine, "engine");
      return this;
    }

    /**
     * Starts the leaf, roots and intention watches (non-blocking; see {@link MeshService#awaitReady}).
     *
     * @return the service
     */
    public MeshService build() {
      return new MeshService(this);
    }
  }

  @Override
  public String toString() {
    return "MeshService[" + service + ", " + consul.address() + "]";
  }

}
