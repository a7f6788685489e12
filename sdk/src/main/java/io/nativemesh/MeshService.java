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
package io.nativemesh;

import io.nativemesh.blocking.Watches;
import io.nativemesh.consul.ConsulApiException;
import io.nativemesh.consul.ConsulClient;
import io.nativemesh.core.InvalidConfigurationException;
import io.nativemesh.core.MissingDependencyException;
import io.nativemesh.core.ServiceIdentity;
import io.nativemesh.discovery.InboundForwarder;
import io.nativemesh.discovery.LocalForwarders;
import io.nativemesh.discovery.MeshConnectException;
import io.nativemesh.discovery.MeshDialer;
import io.nativemesh.discovery.MeshHttpClients;
import io.nativemesh.discovery.ServiceRegistrar;
import io.nativemesh.discovery.UpstreamCircuitOpenException;
import io.nativemesh.discovery.UpstreamListener;
import io.nativemesh.discovery.UpstreamPolicy;
import io.nativemesh.discovery.UpstreamResolver;
import io.nativemesh.discovery.UpstreamTarget;
import io.nativemesh.gossip.GossipConfig;
import io.nativemesh.gossip.GossipException;
import io.nativemesh.gossip.GossipPool;
import io.nativemesh.gossip.JoinException;
import io.nativemesh.internal.GossipBridge;
import io.nativemesh.internal.MeshParts;
import io.nativemesh.netty.MeshNettyContexts;
import io.nativemesh.netty.TlsEngine;
import io.nativemesh.tls.MeshKeyManager;
import io.nativemesh.tls.MeshState;
import io.nativemesh.tls.MeshStateListener;
import io.nativemesh.tls.MeshTrustManager;
import io.nativemesh.tls.Readiness;
import io.nativemesh.tls.RequestAuthorizer;
import io.nativemesh.tls.source.MeshTlsSource;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import okhttp3.OkHttpClient;

/**
 * A Connect-native service: its own SPIFFE leaf certificate, mutual TLS in-process, upstreams
 * resolved through blocking-query watches, inbound peers authorized against intentions. The one
 * type most applications need; it wires the SDK's parts together and delegates to them (TLS
 * material: {@link MeshTlsSource}; registration: {@link ServiceRegistrar}; upstreams: {@link
 * UpstreamResolver}, {@link MeshDialer}, {@link MeshHttpClients}; forwarders: {@link
 * LocalForwarders}).
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
 * intentions on every handshake, so rotations need no reload. Plain JSSE by default: the Netty
 * contexts and the local forwarders need {@code io.nativemesh:nativemesh-sdk-netty}, {@link
 * #joinGossip} needs {@code io.nativemesh:nativemesh-gossip-lite}; without them those methods throw
 * {@link MissingDependencyException} naming the artifact.
 *
 * <p>Thread-safe. {@link #close()} deregisters and stops every watch.
 *
 * @since 0.1.0
 */
public final class MeshService implements AutoCloseable {
  /** Maven coordinates of the optional jar {@link #joinGossip} needs. */
  public static final String GOSSIP_ARTIFACT = "io.nativemesh:nativemesh-gossip-lite";

  private final MeshParts parts;
  private GossipBridge gossip; // made by the first joinGossip, once gossip-lite was found
  private boolean closed;

  MeshService(MeshParts parts) {
    this.parts = parts;
  }

  /**
   * @param service the service name: letters, digits and {@code -_.}; this is the name leaf
   *     certificates are requested for and intentions name
   * @return a builder
   * @throws InvalidConfigurationException if the name is not a valid service name
   */
  public static MeshServiceBuilder builder(String service) {
    return new MeshServiceBuilder(service);
  }

  /**
   * @return the service name
   */
  public String serviceName() {
    return parts.service();
  }

  /**
   * @return our identity, once ready
   */
  public Optional<ServiceIdentity> identity() {
    return Optional.ofNullable(state()).map(MeshState::identity);
  }

  /**
   * @return the current mesh state (leaf, roots, intentions), or null before ready
   */
  public MeshState state() {
    return parts.tls().store().current();
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
      return parts.tls().ready().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new MeshNotReadyException(
          parts.service() + " not ready after " + timeout + ": " + readiness().reason());
    } catch (ExecutionException e) {
      throw new MeshNotReadyException(parts.service() + " not ready: " + e.getCause().getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MeshNotReadyException(parts.service() + " not ready: interrupted");
    }
  }

  /**
   * @return readiness now (false once the leaf expired or stopped chaining to the roots)
   */
  public Readiness readiness() {
    return parts.tls().readiness();
  }

  /**
   * Registers an instance with {@code Connect.Native = true} and a TTL check fed by {@link
   * #readiness()} ({@link ServiceRegistrar}). Deregistered on close.
   *
   * @param instanceId unique instance ID, e.g. {@code greeting-1}
   * @param address advertised address peers dial
   * @param port mesh (mTLS) port
   * @throws ConsulApiException if the agent refuses (e.g. 403 without {@code service:write})
   */
  public void register(String instanceId, String address, int port) {
    parts.registrar().register(instanceId, address, port);
  }

  /**
   * The mTLS {@link SSLContext} to serve with (and to dial with, through {@link #dial}). Every
   * engine and socket it creates requires a client certificate; inbound clients are authorized
   * against the intentions in the handshake. Never needs reloading.
   *
   * @return the context (the same instance on every call)
   */
  public SSLContext serverSslContext() {
    return parts.sslContext();
  }

  /**
   * @return the trust manager inside {@link #serverSslContext()}
   */
  public MeshTrustManager trustManager() {
    return parts.trustManager();
  }

  /**
   * The key manager that serves this service's current leaf (a new alias per leaf generation, so a
   * handshake in progress across a rotation keeps a consistent key and chain). For servers that
   * take key and trust managers rather than an {@link SSLContext} (e.g. Reactor Netty through
   * Spring Boot's SSL bundles).
   *
   * @return a key manager reading the current mesh state; thread-safe
   * @since 0.1.0
   */
  public MeshKeyManager keyManager() {
    return new MeshKeyManager(parts.tls().store());
  }

  /**
   * @param engine the TLS engine; null for {@code TlsEngine.AUTO}
   * @return a Netty server context (mutual TLS, ALPN h2 + http/1.1), new on each call, never
   *     reloaded
   * @throws MissingDependencyException if {@code io.nativemesh:nativemesh-sdk-netty} is not on the
   *     class path
   */
  public SslContext nettyServerContext(TlsEngine engine) {
    LocalForwarders.requireNetty("nettyServerContext");
    return MeshNettyContexts.server(
        parts.tls().store(), parts.policy(), engine == null ? TlsEngine.AUTO : engine);
  }

  /**
   * Per-request authorization for HTTP servers: call it with the caller's identity ({@link
   * #peerIdentity}) on every request, so L7 intentions (path, method, headers) are enforced and
   * intention changes apply to long-lived and resumed connections at once. Build the service with
   * {@link MeshServiceBuilder#l7EnforcedPerRequest l7EnforcedPerRequest(true)} so that L7-matched
   * callers get past the handshake.
   *
   * @return the authorizer (the same instance on every call)
   */
  public RequestAuthorizer requestAuthorizer() {
    return parts.requestAuthorizer();
  }

  /**
   * The mesh HTTP client: {@code http://<service>/path} reaches a healthy instance of the upstream
   * over mTLS, verifying its identity ({@link MeshHttpClients}). Shared: the same client on every
   * call.
   *
   * @return the client
   * @throws IllegalStateException once closed
   */
  public OkHttpClient httpClient() {
    return parts.httpClient().get();
  }

  /**
   * Opens a verified mutual-TLS connection to a healthy instance of an upstream, balanced and
   * retried on another instance per the upstream's {@link UpstreamPolicy}.
   *
   * @param upstream the service name
   * @param timeout connect and handshake timeout per attempt; null for the upstream policy's
   * @return the connected socket, handshake done, peer identity verified
   * @throws MeshConnectException if the handshake was refused (with the reason)
   * @throws UpstreamCircuitOpenException if the upstream's breaker is open
   * @throws IOException if no instance could be reached
   */
  public SSLSocket dial(String upstream, Duration timeout) throws IOException {
    return parts.dialer().dial(upstream, timeout);
  }

  /**
   * As {@link #dial(String, Duration)} with the upstream policy's timeouts.
   *
   * @param upstream the service name
   * @return the connected socket
   * @throws IOException as {@link #dial(String, Duration)}
   */
  public SSLSocket dial(String upstream) throws IOException {
    return parts.dialer().dial(upstream, null);
  }

  /**
   * @return the upstream resolver (endpoints, ejections, breaker state)
   */
  public UpstreamResolver upstreams() {
    return parts.resolver();
  }

  /**
   * Joins a gossip pool (SWIM + Lifeguard, wire-compatible with hashicorp/memberlist) as this
   * instance, advertising {@code nativemesh service=<name> addr=<host>:<port>} in the node
   * metadata. When the pool declares another member failed or gone, its mesh address is marked down
   * in {@link #upstreams()} at once, before the catalog's health checks notice; alive again, it is
   * marked up. The pool is left cleanly on {@link #close()}.
   *
   * @param config pool configuration (node name, bind address, seeds, keyring, profile); its
   *     metadata is replaced by the mesh metadata
   * @param meshHost the advertised mesh address of this instance
   * @param meshPort the mesh port of this instance
   * @return the running pool
   * @throws GossipException if the pool cannot bind
   * @throws JoinException if seeds were given and none answered
   * @throws MissingDependencyException if {@value #GOSSIP_ARTIFACT} is not on the class path
   */
  public GossipPool joinGossip(GossipConfig.Builder config, String meshHost, int meshPort) {
    MissingDependencyException.require(
        "joinGossip",
        GOSSIP_ARTIFACT,
        MeshService.class.getClassLoader(),
        "io.nativemesh.gossip.GossipPool");
    GossipBridge bridge;
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException(this + " is closed");
      }
      if (gossip == null) {
        gossip = new GossipBridge(parts.service(), parts.resolver());
      }
      bridge = gossip;
    }
    return bridge.join(config, meshHost, meshPort);
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
   *     class path
   */
  public UpstreamListener upstreamListener(String upstream, int localPort) throws IOException {
    return upstreamListener(
        parts.resolver().target(upstream), new InetSocketAddress("127.0.0.1", localPort));
  }

  /**
   * @param target the upstream (datacenter, tag, namespace)
   * @param bind where to listen
   * @return the running listener; close it to stop
   * @throws IOException if the address cannot be bound
   * @throws MissingDependencyException if {@code io.nativemesh:nativemesh-sdk-netty} is not on the
   *     class path
   */
  public UpstreamListener upstreamListener(UpstreamTarget target, InetSocketAddress bind)
      throws IOException {
    return parts.forwarders().get().upstreamListener(target, bind);
  }

  /**
   * Terminates mutual TLS on {@code 0.0.0.0:meshPort}, authorizes callers against this service's
   * intentions in the handshake and forwards them to the plain TCP server at {@code
   * localHost:localPort}, so an unmodified server (Redis, Postgres) joins the mesh. Register the
   * mesh port with {@link #register}.
   *
   * @param meshPort the mesh port, 0 for a free one
   * @param localHost the local server's host, normally {@code 127.0.0.1}
   * @param localPort the local server's port
   * @return the running forwarder; close it to stop
   * @throws IOException if the port cannot be bound
   * @throws MissingDependencyException if {@code io.nativemesh:nativemesh-sdk-netty} is not on the
   *     class path
   */
  public InboundForwarder inboundForwarder(int meshPort, String localHost, int localPort)
      throws IOException {
    return inboundForwarder(
        new InetSocketAddress(meshPort), new InetSocketAddress(localHost, localPort));
  }

  /**
   * @param meshBind where mesh peers connect
   * @param local the plain TCP server
   * @return the running forwarder; close it to stop
   * @throws IOException if the address cannot be bound
   * @throws MissingDependencyException if {@code io.nativemesh:nativemesh-sdk-netty} is not on the
   *     class path
   */
  public InboundForwarder inboundForwarder(InetSocketAddress meshBind, InetSocketAddress local)
      throws IOException {
    return inboundForwarder(meshBind, local, false);
  }

  /**
   * An inbound forwarder that also says whether the local server speaks HTTP/2. The forwarder
   * copies bytes and cannot vouch for the protocol behind it, so by default (the other overloads)
   * the handshake negotiates no ALPN protocol and HTTP clients that offer {@code h2} fall back to
   * HTTP/1.1. Pass {@code http2 = true} only for a server that speaks HTTP/2 (Consul's
   * service-defaults {@code Protocol} {@code http2} or {@code grpc}): ALPN then offers {@code h2}
   * and {@code http/1.1}.
   *
   * @param meshBind where mesh peers connect
   * @param local the plain TCP server
   * @param http2 true if {@code local} speaks HTTP/2 (prior knowledge, e.g. gRPC)
   * @return the running forwarder; close it to stop
   * @throws IOException if the address cannot be bound
   * @throws MissingDependencyException if {@code io.nativemesh:nativemesh-sdk-netty} is not on the
   *     class path
   */
  public InboundForwarder inboundForwarder(
      InetSocketAddress meshBind, InetSocketAddress local, boolean http2) throws IOException {
    return parts.forwarders().get().inboundForwarder(meshBind, local, parts.defaultPolicy(), http2);
  }

  /**
   * @param listener told after each new mesh state (rotations, root and intention changes)
   * @return closing it removes the listener
   */
  public AutoCloseable addStateListener(MeshStateListener listener) {
    return parts.tls().store().addListener(listener);
  }

  /**
   * The SPIFFE identity of the peer of an established mesh TLS session.
   *
   * @param session a handshaken session
   * @return the peer's service identity
   * @throws SSLPeerUnverifiedException if the peer presented no valid mesh certificate
   */
  public static ServiceIdentity peerIdentity(SSLSession session) throws SSLPeerUnverifiedException {
    return MeshTrustManager.peerIdentity(session);
  }

  /**
   * @return the shared watches (for KV and other blocking reads)
   */
  public Watches watches() {
    return parts.watches();
  }

  /**
   * @return the Consul client
   */
  public ConsulClient consul() {
    return parts.consul();
  }

  /**
   * @return how many times the expiry watchdog had to force a leaf refresh
   */
  public int watchdogForcedRefreshes() {
    return parts.tls().watchdogForcedRefreshes();
  }

  /**
   * Deregisters the instances registered here, stops the watches and releases threads. Idempotent.
   */
  @Override
  public void close() {
    GossipBridge g;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      g = gossip;
    }
    if (g != null) {
      g.close();
    }
    parts.close();
  }

  @Override
  public String toString() {
    return "MeshService[" + parts.service() + ", " + parts.consul().address() + "]";
  }
}
