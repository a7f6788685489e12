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
package io.nativemesh.internal;

import io.nativemesh.blocking.WatchOptions;
import io.nativemesh.blocking.Watches;
import io.nativemesh.consul.ConsulClient;
import io.nativemesh.discovery.LocalForwarders;
import io.nativemesh.discovery.MeshDialer;
import io.nativemesh.discovery.MeshHttpClients;
import io.nativemesh.discovery.RefusalDiagnostics;
import io.nativemesh.discovery.ServiceRegistrar;
import io.nativemesh.discovery.UpstreamPolicy;
import io.nativemesh.discovery.UpstreamResolver;
import io.nativemesh.discovery.UpstreamTarget;
import io.nativemesh.netty.TlsEngine;
import io.nativemesh.tls.MeshSslContexts;
import io.nativemesh.tls.MeshState;
import io.nativemesh.tls.MeshTrustManager;
import io.nativemesh.tls.RequestAuthorizer;
import io.nativemesh.tls.TlsPolicy;
import io.nativemesh.tls.metrics.MeshMetrics;
import io.nativemesh.tls.source.MeshTlsSource;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import javax.net.ssl.SSLContext;
import okhttp3.OkHttpClient;

/**
 * The parts of one mesh service, wired together by {@link #assemble} and released in the reverse
 * order by {@link #close()}: the watches on the agent, the TLS material and its contexts, upstream
 * resolution and dialling, registration, and the parts made on first use (HTTP client, forwarders).
 * {@code MeshService} is the façade over them. Thread-safe.
 *
 * @param service the service name
 * @param consul the agent's client
 * @param ownsConsul close {@code consul} with the parts (it was built from the environment)
 * @param scheduler the service's two daemon threads (watch retries, watchdog, heartbeats)
 * @param watches the shared blocking watches
 * @param policy the TLS verification policy
 * @param tls leaf, roots and intentions feeding the mesh state
 * @param sslContext the mesh JDK context
 * @param trustManager the trust manager in {@code sslContext}
 * @param requestAuthorizer per-request (L7) authorization
 * @param resolver upstream resolution
 * @param diagnostics explains refused connections
 * @param dialer blocking mTLS sockets to upstreams
 * @param registrar instance registration and TTL heartbeats
 * @param defaultPolicy the policy of upstreams not configured one by one
 * @param httpClient the mesh HTTP client, made on first use
 * @param forwarders the local forwarders, made on first use (they need sdk-netty)
 */
public record MeshParts(
    String service,
    ConsulClient consul,
    boolean ownsConsul,
    ScheduledThreadPoolExecutor scheduler,
    Watches watches,
    TlsPolicy policy,
    MeshTlsSource tls,
    SSLContext sslContext,
    MeshTrustManager trustManager,
    RequestAuthorizer requestAuthorizer,
    UpstreamResolver resolver,
    RefusalDiagnostics diagnostics,
    MeshDialer dialer,
    ServiceRegistrar registrar,
    UpstreamPolicy defaultPolicy,
    Lazy<OkHttpClient> httpClient,
    Lazy<LocalForwarders> forwarders)
    implements AutoCloseable {

  /**
   * The settings of a mesh service, as {@code MeshServiceBuilder} collected them.
   *
   * @param service the service name (validated)
   * @param consul the agent's client, or null to build one from {@code CONSUL_HTTP_ADDR}/{@code
   *     CONSUL_HTTP_TOKEN}
   * @param clock time source
   * @param strictTrustDomain require peers in our trust domain
   * @param l7EnforcedPerRequest admit L7-matched clients at connection level
   * @param metrics where the mesh reports
   * @param watchOptions blocking-query tuning
   * @param resolveTimeout first-resolution timeout of an upstream
   * @param checkTtl TTL of the registered readiness checks
   * @param upstreamPolicy default upstream policy
   * @param upstreams upstreams configured one by one (policy null for the default)
   * @param forwarderEngine TLS engine of the forwarders, null for automatic (a record component
   *     whose type is in the optional sdk-netty: do not call this record's toString, equals or
   *     hashCode)
   */
  public record Settings(
      String service,
      ConsulClient consul,
      Clock clock,
      boolean strictTrustDomain,
      boolean l7EnforcedPerRequest,
      MeshMetrics metrics,
      WatchOptions watchOptions,
      Duration resolveTimeout,
      Duration checkTtl,
      UpstreamPolicy upstreamPolicy,
      Map<UpstreamTarget, UpstreamPolicy> upstreams,
      TlsEngine forwarderEngine) {}

  /**
   * Builds and starts the parts: the leaf, roots and intention watches begin at once.
   *
   * @param s the settings
   * @return the parts
   */
  public static MeshParts assemble(Settings s) {
    ConsulClient consul =
        s.consul() != null
            ? s.consul()
            : ConsulClient.builder().fromEnvironment(System.getenv()).build();
    ScheduledThreadPoolExecutor scheduler =
        new ScheduledThreadPoolExecutor(
            2,
            r -> {
              Thread t = new Thread(r, "nativemesh-" + s.service());
              t.setDaemon(true);
              return t;
            });
    scheduler.setRemoveOnCancelPolicy(true);
    TlsPolicy policy =
        new TlsPolicy(s.clock(), s.strictTrustDomain(), s.l7EnforcedPerRequest(), s.metrics());
    Watches watches = new Watches(consul, s.watchOptions(), s.clock(), scheduler);
    MeshTlsSource tls = new MeshTlsSource(watches, s.service(), policy, false, scheduler);
    // one trust manager for the context and trustManager(): its recentDenials() are the context's
    MeshTrustManager trustManager = new MeshTrustManager(tls.store(), policy);
    SSLContext ssl = MeshSslContexts.sslContext(tls.store(), trustManager);
    RefusalDiagnostics diagnostics = new RefusalDiagnostics(consul);
    UpstreamResolver resolver =
        new UpstreamResolver(
            watches,
            s.watchOptions(),
            () -> localDatacenter(tls),
            s.resolveTimeout(),
            s.upstreamPolicy(),
            System::nanoTime);
    s.upstreams().forEach(resolver::configure);
    Lazy<OkHttpClient> http =
        new Lazy<>(
            s.service() + "'s HTTP client",
            () ->
                MeshHttpClients.create(
                    new OkHttpClient.Builder()
                        .connectTimeout(Duration.ofSeconds(5))
                        .readTimeout(Duration.ofSeconds(30))
                        .build(),
                    ssl,
                    trustManager,
                    tls.store(),
                    resolver,
                    diagnostics),
            MeshHttpClients::close);
    int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    Lazy<LocalForwarders> forwarders =
        new Lazy<>(
            s.service() + "'s forwarders",
            () ->
                new LocalForwarders(
                    tls.store(), policy, s.forwarderEngine(), resolver, diagnostics, threads),
            LocalForwarders::close);
    return new MeshParts(
        s.service(),
        consul,
        s.consul() == null,
        scheduler,
        watches,
        policy,
        tls,
        ssl,
        trustManager,
        new RequestAuthorizer(tls.store(), s.metrics()),
        resolver,
        diagnostics,
        new MeshDialer(ssl, resolver, tls.store()::current, diagnostics),
        new ServiceRegistrar(consul, s.service(), s.checkTtl(), tls::readiness, scheduler),
        s.upstreamPolicy(),
        http,
        forwarders);
  }

  /**
   * @return the datacenter of our identity, {@code dc1} before the first leaf
   */
  private static String localDatacenter(MeshTlsSource tls) {
    MeshState st = tls.store().current();
    return st == null ? "dc1" : st.identity().datacenter();
  }

  /** Deregisters, stops the forwarders, the HTTP client, the watches and the threads. */
  @Override
  public void close() {
    registrar.close();
    forwarders.close();
    httpClient.close();
    tls.close();
    resolver.close();
    watches.close();
    scheduler.shutdownNow();
    if (ownsConsul) {
      consul.close();
    }
  }
}
