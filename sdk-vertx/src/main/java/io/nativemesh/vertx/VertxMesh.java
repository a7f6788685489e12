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
package io.nativemesh.vertx;

import io.nativemesh.MeshNotReadyException;
import io.nativemesh.MeshService;
import io.nativemesh.MeshServiceBuilder;
import io.nativemesh.netty.TlsEngine;
import io.nativemesh.tls.MeshKeyManager;
import io.nativemesh.tls.MeshState;
import io.nativemesh.tls.MeshStateStore;
import io.nativemesh.vertx.internal.MeshEndpointResolver;
import io.nativemesh.vertx.internal.MeshLoadBalancer;
import io.nativemesh.vertx.internal.StallTrace;
import io.nativemesh.vertx.internal.VertxMicrometer;
import io.netty.handler.ssl.SslProvider;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.AddressResolver;
import io.vertx.core.net.JdkSSLEngineOptions;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.OpenSSLEngineOptions;
import io.vertx.core.net.SSLEngineOptions;
import io.vertx.core.net.ServerSSLOptions;
import io.vertx.core.net.TrustOptions;
import io.vertx.core.net.endpoint.LoadBalancer;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * A {@link MeshService} in Vert.x's shapes: options objects carrying the mesh key and trust
 * managers, {@link Future}s for readiness and registration, an HTTP client whose requests to a
 * {@link MeshAddress} reach healthy Connect-native instances over verified mutual TLS.
 *
 * <pre>{@code
 * Vertx vertx = Vertx.vertx();
 * VertxMesh mesh = VertxMesh.create(vertx, MeshService.builder("name"));
 * mesh.ready()
 *     .compose(s -> vertx.createHttpServer(mesh.httpServerOptions()).requestHandler(router).listen(0))
 *     .compose(server -> mesh.register(mesh.renewSessionsOf(server).actualPort()));
 * HttpClient client = mesh.httpClient();   // requests to MeshAddress.of("greeting") go through the mesh
 * }</pre>
 *
 * <p><b>Rotation.</b> The key manager reads the current leaf and the trust manager the current
 * roots and intentions on every handshake, on both engines, so leaf and CA root rotations take
 * effect on the next handshake with neither a restart nor {@code updateSSLOptions}. What Vert.x
 * (Netty) does cache is TLS sessions: a resumed session skips the trust manager. {@link
 * #renewSessionsOf} makes the server drop its session cache and ticket keys ({@code
 * updateSSLOptions(options, true)}) whenever intentions or roots change, so a caller whose
 * intention was revoked cannot resume its way past the handshake.
 *
 * <p><b>Event loops.</b> Watches, leaf fetches and renewals run on the SDK's own threads; {@link
 * #ready()} and {@link #register} complete on the caller's context, and registration (an HTTP call
 * to the agent) runs on a Vert.x worker. Handshakes read in-memory state only.
 *
 * <p>Thread-safe. {@link #close()} closes the mesh service when this object built it.
 *
 * @since 0.1.0
 */
public final class VertxMesh implements AutoCloseable {
  private final Vertx vertx;
  private final MeshService mesh;
  private final boolean ownsMesh;
  private final MeshStateStore keyStore = new MeshStateStore();
  private final AutoCloseable mirror;
  private final AutoCloseable renewal;
  private final KeyCertOptions keyCertOptions;
  private final TrustOptions trustOptions;
  private final List<Supplier<Future<Boolean>>> renewers = new CopyOnWriteArrayList<>();
  private final Duration resolveTimeout;
  private volatile TlsEngine engine = TlsEngine.AUTO;

  private VertxMesh(Vertx vertx, MeshService mesh, boolean ownsMesh) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.mesh = Objects.requireNonNull(mesh, "mesh");
    this.ownsMesh = ownsMesh;
    this.resolveTimeout = Duration.ofSeconds(10);
    // the key manager reads a store fed by the service's: same states, same generations
    this.mirror = mesh.addStateListener((prev, now) -> keyStore.publish(now));
    this.keyCertOptions = KeyCertOptions.wrap(new MeshKeyManager(keyStore));
    this.trustOptions = TrustOptions.wrap(mesh.trustManager().withoutWaiting());
    this.renewal =
        mesh.addStateListener(
            (prev, now) -> {
              if (prev != null
                  && (prev.intentions() != now.intentions() || prev.trust() != now.trust())) {
                renewers.forEach(Supplier::get);
              }
            });
  }

  /**
   * Builds the mesh service (its watches start at once, on the SDK's threads) and wraps it. When
   * vertx-micrometer-metrics is on the class path and this Vert.x has a Micrometer registry, the
   * mesh metrics (handshakes, authorizations, renewals, watch errors) are reported there.
   *
   * @param vertx the Vert.x instance
   * @param builder a configured builder; its {@code metrics} are replaced by Vert.x's registry when
   *     one is present
   * @return the Vert.x mesh; {@link #close()} closes the service
   */
  public static VertxMesh create(Vertx vertx, MeshServiceBuilder builder) {
    VertxMicrometer.registry(vertx).ifPresent(builder::metrics);
    return new VertxMesh(vertx, builder.build(), true);
  }

  /**
   * @param vertx the Vert.x instance
   * @param mesh an existing mesh service (not closed by {@link #close()})
   * @return the Vert.x mesh
   */
  public static VertxMesh create(Vertx vertx, MeshService mesh) {
    return new VertxMesh(vertx, mesh, false);
  }

  /**
   * @param e the TLS engine of the options made from now on: {@link TlsEngine#JDK}, {@link
   *     TlsEngine#OPENSSL} (netty-tcnative-boringssl-static) or {@link TlsEngine#AUTO} (the
   *     default: OpenSSL when it loads, else the JDK)
   * @return this
   */
  public VertxMesh engine(TlsEngine e) {
    this.engine = Objects.requireNonNull(e, "engine");
    return this;
  }

  /**
   * @return the wrapped mesh service
   */
  public MeshService meshService() {
    return mesh;
  }

  /**
   * @return the Vert.x instance
   */
  public Vertx vertx() {
    return vertx;
  }

  /**
   * Completes when the leaf certificate, CA roots and intentions are loaded, on the caller's
   * context (or an event loop when called outside one). Never fails: use {@link #ready(Duration)}
   * for a deadline. A wait past one second is logged ({@code WARN}, logger {@code
   * io.nativemesh.vertx.internal.StallTrace}) with the caller's context or thread, and again when
   * it ends.
   *
   * @return the first state
   */
  public Future<MeshState> ready() {
    String caller = StallTrace.caller();
    Context ctx = vertx.getOrCreateContext();
    Promise<MeshState> p = Promise.promise();
    AtomicBoolean done = new AtomicBoolean();
    AutoCloseable[] handle = new AutoCloseable[1];
    AutoCloseable h =
        mesh.addStateListener(
            (prev, now) -> {
              if (done.compareAndSet(false, true)) {
                ctx.runOnContext(
                    v -> {
                      p.tryComplete(now);
                      closeQuietly(handle[0]);
                    });
              }
            });
    handle[0] = h;
    if (done.get()) {
      closeQuietly(h);
    }
    return StallTrace.watch(
        vertx,
        "ready() of " + mesh.serviceName(),
        "the first leaf certificate, CA roots and intentions",
        caller,
        p.future());
  }

  /**
   * @param timeout how long to wait
   * @return completes as {@link #ready()}, or fails with {@link MeshNotReadyException} carrying the
   *     readiness reason once {@code timeout} has passed
   */
  public Future<MeshState> ready(Duration timeout) {
    Promise<MeshState> p = Promise.promise();
    long timer =
        vertx.setTimer(
            Math.max(1, timeout.toMillis()),
            id ->
                p.tryFail(
                    new MeshNotReadyException(
                        mesh.serviceName()
                            + " not ready after "
                            + timeout
                            + ": "
                            + mesh.readiness().reason())));
    ready()
        .onSuccess(
            s -> {
              vertx.cancelTimer(timer);
              p.tryComplete(s);
            });
    return p.future();
  }

  /**
   * Registers {@code <service>-<port>} at {@code 127.0.0.1:port} with {@code Connect.Native = true}
   * and a TTL check fed by readiness ({@link MeshService#register}). The HTTP call to the agent
   * runs on a worker thread.
   *
   * @param port the mesh (mTLS) port, e.g. {@code server.actualPort()}
   * @return completes once the agent accepted the registration; fails with the SDK's {@code
   *     ConsulApiException} if it refused
   */
  public Future<Void> register(int port) {
    return register(mesh.serviceName() + "-" + port, "127.0.0.1", port);
  }

  /**
   * @param instanceId unique instance ID
   * @param address the address peers dial
   * @param port the mesh (mTLS) port
   * @return as {@link #register(int)}
   */
  public Future<Void> register(String instanceId, String address, int port) {
    return vertx.executeBlocking(
        () -> {
          mesh.register(instanceId, address, port);
          return null;
        },
        false);
  }

  /**
   * @return the mesh key manager as Vert.x key options (the current leaf on every handshake)
   */
  public KeyCertOptions keyCertOptions() {
    return keyCertOptions;
  }

  /**
   * @return the mesh trust manager as Vert.x trust options (the current roots and intentions on
   *     every handshake; clients check that the server is the dialled service)
   */
  public TrustOptions trustOptions() {
    return trustOptions;
  }

  /**
   * @return HTTP server options: TLS with the mesh key and trust managers, client certificates
   *     required (callers without an intention are refused in the handshake), ALPN h2 and http/1.1,
   *     on the current {@link #engine engine}
   */
  public HttpServerOptions httpServerOptions() {
    HttpServerOptions o = new HttpServerOptions();
    applyServer(o);
    return o.setUseAlpn(true);
  }

  /**
   * @return TCP server options: TLS with the mesh key and trust managers, client certificates
   *     required, on the current {@link #engine engine}
   */
  public NetServerOptions netServerOptions() {
    NetServerOptions o = new NetServerOptions();
    applyServer(o);
    return o;
  }

  private void applyServer(NetServerOptions o) {
    o.setSsl(true)
        .setKeyCertOptions(keyCertOptions)
        .setTrustOptions(trustOptions)
        .setClientAuth(ClientAuth.REQUIRED)
        .setSslEngineOptions(sslEngineOptions(engine));
  }

  /**
   * @return HTTP client options for mesh upstreams: TLS with the mesh key and trust managers; host
   *     name verification is replaced by the trust manager's SPIFFE check against the dialled
   *     service
   */
  public HttpClientOptions httpClientOptions() {
    return new HttpClientOptions()
        .setSsl(true)
        .setKeyCertOptions(keyCertOptions)
        .setTrustOptions(trustOptions)
        .setVerifyHost(false)
        .setSslEngineOptions(sslEngineOptions(engine));
  }

  /**
   * @return TCP client options for mesh upstreams, as {@link #httpClientOptions()}
   */
  public NetClientOptions netClientOptions() {
    return new NetClientOptions()
        .setSsl(true)
        .setKeyCertOptions(keyCertOptions)
        .setTrustOptions(trustOptions)
        .setHostnameVerificationAlgorithm("")
        .setSslEngineOptions(sslEngineOptions(engine));
  }

  /**
   * @param e an engine choice
   * @return Vert.x's options for it
   * @throws IllegalStateException for {@link TlsEngine#OPENSSL} when netty-tcnative cannot load
   */
  public static SSLEngineOptions sslEngineOptions(TlsEngine e) {
    return e.provider() == SslProvider.OPENSSL
        ? new OpenSSLEngineOptions()
        : new JdkSSLEngineOptions();
  }

  /**
   * Vert.x client-side load balancing over the SDK's upstream watches ({@code
   * HttpClientBuilder.withAddressResolver}): a {@link MeshAddress} resolves to the healthy
   * Connect-native instances of its service, updated as the catalog changes.
   *
   * @return the resolver
   */
  public AddressResolver<MeshAddress> addressResolver() {
    return v -> new MeshEndpointResolver<>(v, mesh.upstreams(), resolveTimeout);
  }

  /**
   * @return a Vert.x load balancer deciding by the SDK's upstream policy (balancing, outlier
   *     ejection, circuit breaker); pass Vert.x's own (e.g. {@code LoadBalancer.ROUND_ROBIN}) to
   *     {@link #httpClient(HttpClientOptions, LoadBalancer)} to use it instead
   */
  public LoadBalancer loadBalancer() {
    return new MeshLoadBalancer(mesh.upstreams());
  }

  /**
   * @return a new HTTP client: requests whose server is a {@link MeshAddress} reach a healthy
   *     instance of that service over verified mutual TLS, chosen by the SDK's policy
   */
  public HttpClient httpClient() {
    return httpClient(httpClientOptions(), null);
  }

  /**
   * @param options client options (start from {@link #httpClientOptions()})
   * @param loadBalancer Vert.x's balancer, or null for the SDK's ({@link #loadBalancer()})
   * @return a new HTTP client
   */
  public HttpClient httpClient(HttpClientOptions options, LoadBalancer loadBalancer) {
    return vertx
        .httpClientBuilder()
        .with(options)
        .withAddressResolver(addressResolver())
        .withLoadBalancer(loadBalancer != null ? loadBalancer : loadBalancer())
        .build();
  }

  /**
   * @return a new TCP client for mesh upstreams
   */
  public MeshNetClient netClient() {
    return new MeshNetClient(vertx, mesh.upstreams(), netClientOptions(), resolveTimeout);
  }

  /**
   * Renews the server's TLS contexts ({@code updateSSLOptions(sslOptions, true)}) whenever
   * intentions or CA roots change, so that TLS sessions established before cannot be resumed past
   * the new policy.
   *
   * @param server a server listening with {@link #httpServerOptions()}
   * @return the server
   */
  public HttpServer renewSessionsOf(HttpServer server) {
    ServerSSLOptions ssl = httpServerOptions().getSslOptions();
    renewers.add(() -> server.updateSSLOptions(ssl, true));
    return server;
  }

  /**
   * As {@link #renewSessionsOf(HttpServer)} for a TCP server.
   *
   * @param server a server listening with {@link #netServerOptions()}
   * @return the server
   */
  public NetServer renewSessionsOf(NetServer server) {
    ServerSSLOptions ssl = netServerOptions().getSslOptions();
    renewers.add(() -> server.updateSSLOptions(ssl, true));
    return server;
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (Exception e) {
      // listener removal does not fail
    }
  }

  /**
   * Stops session renewal and, when {@link #create(Vertx, MeshServiceBuilder)} built it, closes the
   * service (deregisters, stops watches).
   */
  @Override
  public void close() {
    renewers.clear();
    closeQuietly(renewal);
    closeQuietly(mirror);
    if (ownsMesh) {
      mesh.close();
    }
  }

  @Override
  public String toString() {
    return "VertxMesh[" + mesh.serviceName() + "]";
  }
}
