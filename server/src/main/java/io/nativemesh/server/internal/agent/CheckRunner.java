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
package io.nativemesh.server.internal.agent;

import io.nativemesh.core.model.HealthCheck;
import io.nativemesh.server.internal.state.CheckSpec;
import io.nativemesh.server.internal.state.Command;
import io.nativemesh.server.internal.state.StateSnapshot;
import io.nativemesh.server.internal.state.StateStore;
import io.nativemesh.server.internal.state.StoredCheck;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the agent's HTTP, TCP, UDP, script, H2PING, gRPC and alias checks (Consul: {@code
 * CheckHTTP}, {@code CheckTCP}, {@code CheckUDP}, {@code CheckMonitor}, {@code CheckH2PING}, {@code
 * CheckGRPC}, {@code CheckAlias}; the kinds other than HTTP and TCP live in their own probe
 * classes) and reaps services whose check stayed critical longer than {@code
 * DeregisterCriticalServiceAfter}.
 *
 * <p>No thread per check: each run is a one-shot task on the shared scheduler that starts an
 * asynchronous probe (java.net.http {@code sendAsync}, {@link AsynchronousSocketChannel#connect})
 * and, when it completes, writes the result (only if status or output changed) and schedules the
 * next run after {@code Interval}. HTTP: 2xx passing, 429 warning, anything else or an error
 * critical; {@code Method}, {@code TLSSkipVerify}, {@code Timeout} (default 10 s) honoured. TCP:
 * connect succeeds → passing, else critical. The reaper scans every 30 s (1 s in dev mode).
 * Thread-safe.
 */
public final class CheckRunner implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CheckRunner.class);
  private static final int MAX_OUTPUT = 4096;
  private final StateStore store;
  private final ScheduledExecutorService timers;
  private final TtlCheckMonitor ttlChecks;
  private final Clock clock;
  private final Duration reapInterval;
  private final ConcurrentHashMap<String, Run> runs = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Instant> criticalSince = new ConcurrentHashMap<>();
  private final HttpClient http;
  private final HttpClient insecureHttp;

  private final H2PingProbe h2ping = new H2PingProbe();

  /** Runs the probes that must block (UDP receive); daemon threads, created on demand. */
  private final ExecutorService blocking =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "nativemesh-check-probe");
            t.setDaemon(true);
            return t;
          });

  private volatile boolean closed;
  private ScheduledFuture<?> reaper;

  /** Services whose deregistration the reaper submitted and the store has not yet made durable. */
  private final Set<String> deregistering = ConcurrentHashMap.newKeySet();

  private final class Run {
    final String checkId;
    final CheckSpec spec;
    volatile ScheduledFuture<?> next;

    Run(String checkId, CheckSpec spec) {
      this.checkId = checkId;
      this.spec = spec;
    }
  }

  /**
   * @param store the state store
   * @param timers the shared scheduler
   * @param ttlChecks TTL timers (disarmed when the reaper removes a service)
   * @param clock time source of the reaper
   * @param reapInterval how often the reaper scans
   */
  public CheckRunner(
      StateStore store,
      ScheduledExecutorService timers,
      TtlCheckMonitor ttlChecks,
      Clock clock,
      Duration reapInterval) {
    this.store = store;
    this.timers = timers;
    this.ttlChecks = ttlChecks;
    this.clock = clock;
    this.reapInterval = reapInterval;
    this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
    this.insecureHttp =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NORMAL)
            .sslContext(trustAll())
            .build();
  }

  /** Starts the critical-service reaper. */
  public void start() {
    long ms = reapInterval.toMillis();
    reaper = timers.scheduleWithFixedDelay(this::reap, ms, ms, TimeUnit.MILLISECONDS);
  }

  /**
   * (Re-)arms a check: TTL checks are ignored, HTTP/TCP checks run now and then every interval.
   *
   * @param c the stored check
   */
  public void arm(StoredCheck c) {
    disarm(c.check().checkId());
    if (c.spec() == null || !c.spec().active() || closed) {
      return;
    }
    Run run = new Run(c.check().checkId(), c.spec());
    runs.put(run.checkId, run);
    run.next = timers.schedule(() -> probe(run), 0, TimeUnit.MILLISECONDS);
  }

  /**
   * @param checkId the check ID
   * @param spec its definition, or null for any
   * @return true if the check is armed (with exactly this definition, when given)
   */
  public boolean runs(String checkId, CheckSpec spec) {
    Run r = runs.get(checkId);
    return r != null && (spec == null || r.spec.equals(spec));
  }

  /**
   * Stops running a check. Idempotent.
   *
   * @param checkId the check ID
   */
  public void disarm(String checkId) {
    Run r = runs.remove(checkId);
    if (r != null && r.next != null) {
      r.next.cancel(false);
    }
    criticalSince.remove(checkId);
  }

  private void probe(Run run) {
    if (closed || runs.get(run.checkId) != run) {
      return;
    }
    BiConsumer<String, String> done =
        (status, output) -> {
          if (closed || runs.get(run.checkId) != run) {
            return;
          }
          record(run.checkId, status, output);
          if (runs.get(run.checkId) == run) {
            run.next =
                timers.schedule(
                    () -> probe(run),
                    // a check restored from a log written before the minimum existed
                    Math.max(run.spec.interval().toNanos(), CheckIntervals.MIN_INTERVAL.toNanos()),
                    TimeUnit.NANOSECONDS);
          }
        };
    try {
      CheckSpec spec = run.spec;
      if (spec.http() != null) {
        probeHttp(spec, done);
      } else if (spec.tcp() != null) {
        probeTcp(spec, done);
      } else if (spec.udp() != null) {
        UdpProbe.run(spec.udp(), spec.timeout(), blocking, done);
      } else if (spec.args() != null) {
        ScriptProbe.run(spec.args(), spec.timeout(), timers, done);
      } else if (spec.h2ping() != null) {
        h2ping.run(spec, done);
      } else if (spec.grpc() != null) {
        GrpcProbe.run(spec, done);
      } else {
        String[] r =
            AliasProbe.evaluate(
                store.snapshot(), run.checkId, spec.aliasService(), spec.aliasNode());
        done.accept(r[0], r[1]);
      }
    } catch (RuntimeException e) {
      done.accept(HealthCheck.CRITICAL, e.toString());
    }
  }

  private void probeHttp(CheckSpec spec, BiConsumer<String, String> done) {
    HttpRequest req =
        HttpRequest.newBuilder(URI.create(spec.http()))
            .timeout(spec.timeout())
            .method(spec.method(), HttpRequest.BodyPublishers.noBody())
            .header("User-Agent", "Consul Health Check")
            .header("Accept", "text/plain, text/*, */*")
            .build();
    HttpClient client = spec.tlsSkipVerify() ? insecureHttp : http;
    client
        .sendAsync(req, HttpResponse.BodyHandlers.ofInputStream())
        .whenComplete(
            (resp, err) -> {
              if (err != null) {
                Throwable c = err.getCause() != null ? err.getCause() : err;
                done.accept(HealthCheck.CRITICAL, "Get \"" + spec.http() + "\": " + c);
                return;
              }
              String body;
              try (InputStream in = resp.body()) {
                body = new String(in.readNBytes(MAX_OUTPUT), StandardCharsets.UTF_8);
              } catch (IOException e) {
                body = "";
              }
              int code = resp.statusCode();
              String status =
                  code >= 200 && code < 300
                      ? HealthCheck.PASSING
                      : code == 429 ? HealthCheck.WARNING : HealthCheck.CRITICAL;
              done.accept(
                  status,
                  "HTTP " + spec.method() + " " + spec.http() + ": " + code + " Output: " + body);
            });
  }

  private void probeTcp(CheckSpec spec, BiConsumer<String, String> done) {
    int colon = spec.tcp().lastIndexOf(':');
    String host = spec.tcp().substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port = Integer.parseInt(spec.tcp().substring(colon + 1));
    AsynchronousSocketChannel ch;
    try {
      ch = AsynchronousSocketChannel.open();
    } catch (IOException e) {
      done.accept(HealthCheck.CRITICAL, "dial tcp " + spec.tcp() + ": " + e.getMessage());
      return;
    }
    CompletableFuture<String> outcome = new CompletableFuture<>();
    ScheduledFuture<?> timeout =
        timers.schedule(
            () -> outcome.complete("dial tcp " + spec.tcp() + ": i/o timeout"),
            spec.timeout().toNanos(),
            TimeUnit.NANOSECONDS);
    ch.connect(
        new InetSocketAddress(host, port),
        null,
        new CompletionHandler<Void, Void>() {
          @Override
          public void completed(Void v, Void a) {
            outcome.complete(null);
          }

          @Override
          public void failed(Throwable e, Void a) {
            outcome.complete(
                "dial tcp "
                    + spec.tcp()
                    + ": "
                    + (e.getMessage() == null ? e.toString() : e.getMessage()));
          }
        });
    outcome.whenComplete(
        (error, e) -> {
          timeout.cancel(false);
          try {
            ch.close();
          } catch (IOException ignored) {
            // closing a probe socket
          }
          if (error == null) {
            done.accept(HealthCheck.PASSING, "TCP connect " + spec.tcp() + ": Success");
          } else {
            done.accept(HealthCheck.CRITICAL, error);
          }
        });
  }

  private void record(String checkId, String status, String output) {
    StoredCheck c = store.snapshot().checks().get(checkId);
    if (c == null) {
      disarm(checkId);
      return;
    }
    if (c.check().status().equals(status) && c.check().output().equals(output)) {
      return;
    }
    // submitted, not awaited: results arrive on the HTTP client's and the event loop's threads,
    // which must not wait for an fsync
    store
        .submit(new Command.UpdateCheck(checkId, status, output))
        .whenComplete(
            (applied, e) -> {
              if (e != null) {
                LOG.warn("recording result of check {} failed: {}", checkId, e.toString());
              }
            });
  }

  /** One reaper pass; package-visible for tests. */
  void reap() {
    if (closed) {
      return;
    }
    try {
      StateSnapshot s = store.snapshot();
      Instant now = clock.instant();
      criticalSince.keySet().removeIf(id -> !s.checks().containsKey(id));
      for (Map.Entry<String, StoredCheck> e : s.checks().entrySet()) {
        StoredCheck c = e.getValue();
        Duration after = c.spec() == null ? null : c.spec().deregisterCriticalServiceAfter();
        String serviceId = c.check().serviceId();
        if (after == null || serviceId == null || serviceId.isEmpty()) {
          continue;
        }
        if (!HealthCheck.CRITICAL.equals(c.check().status())) {
          criticalSince.remove(e.getKey());
          continue;
        }
        Instant since = criticalSince.computeIfAbsent(e.getKey(), k -> now);
        if (Duration.between(since, now).compareTo(after) >= 0) {
          if (!deregistering.add(serviceId)) {
            continue; // submitted by an earlier pass and not yet durable
          }
          LOG.info(
              "check {} critical for more than {}, deregistering service {}",
              e.getKey(),
              after,
              serviceId);
          for (StoredCheck old : s.checks().values()) {
            if (serviceId.equals(old.check().serviceId())) {
              disarm(old.check().checkId());
              ttlChecks.disarm(old.check().checkId());
            }
          }
          store
              .submit(new Command.DeregisterService(serviceId))
              .whenComplete(
                  (applied, ex) -> {
                    deregistering.remove(serviceId);
                    if (ex != null) {
                      LOG.warn("deregistering service {} failed: {}", serviceId, ex.toString());
                    }
                  });
          return; // the snapshot is stale now; the next pass continues
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("critical-service reaper failed: {}", e.toString());
    }
  }

  /** Stops every check and the reaper. */
  @Override
  public void close() {
    closed = true;
    if (reaper != null) {
      reaper.cancel(false);
    }
    runs.values()
        .forEach(
            r -> {
              if (r.next != null) {
                r.next.cancel(false);
              }
            });
    runs.clear();
    blocking.shutdownNow();
    h2ping.close();
  }

  private static SSLContext trustAll() {
    try {
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, new TrustManager[] {new SkipVerifyTrustManager()}, new SecureRandom());
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build the TLSSkipVerify context", e);
    }
  }
}
