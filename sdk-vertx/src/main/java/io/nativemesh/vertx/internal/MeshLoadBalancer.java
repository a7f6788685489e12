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
package io.nativemesh.vertx.internal;

import io.nativemesh.discovery.EndpointLease;
import io.nativemesh.discovery.NoHealthyUpstreamException;
import io.nativemesh.discovery.UpstreamCircuitOpenException;
import io.nativemesh.discovery.UpstreamResolver;
import io.nativemesh.discovery.UpstreamTarget;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.net.endpoint.InteractionMetrics;
import io.vertx.core.net.endpoint.LoadBalancer;
import io.vertx.core.net.endpoint.ServerEndpoint;
import io.vertx.core.net.endpoint.ServerSelector;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Vert.x {@link LoadBalancer} that lets the SDK choose: the upstream's {@code UpstreamPolicy}
 * balancing (round robin, random, least outstanding, P2C) over instances not ejected as outliers or
 * marked down, guarded by its circuit breaker. Each selection takes an {@link EndpointLease}, which
 * the request's interaction holds until its response ends or it fails, so outstanding counts feed
 * P2C and least-outstanding and failures feed outlier ejection and the breaker.
 *
 * <p>Vert.x's {@code HttpClient} selects a server and right after (normally in the same event-loop
 * task) starts the request's interaction ({@code ServerEndpoint.newInteraction()}) once the
 * connection pool accepted the request. When it does not (the client was closed while the upstream
 * was being resolved, or the pool refused the request before queueing it), nothing would ever close
 * the lease: the instance would count one request outstanding forever and, in a half-open circuit,
 * a permitted call would never be returned. So a selection made on a Vert.x context also sets a
 * timer (1 s) that closes its lease, reporting no outcome, if no interaction took it by then (an
 * interaction that takes it cancels the timer). A request that Vert.x starts but then neither ends
 * nor fails is not covered: Vert.x reports nothing for it (a pooled HTTP/1.1 connection closed
 * between being leased and the stream being created is the one such case known). Thread-safe.
 */
public final class MeshLoadBalancer implements LoadBalancer {
  private static final Logger log = LoggerFactory.getLogger(MeshLoadBalancer.class);

  /** How long a selection's lease waits for Vert.x to start the request's interaction. */
  static final long CLAIM_WITHIN_MS = 1000;

  private final UpstreamResolver resolver;

  /**
   * @param resolver the SDK's resolver (policies, ejections, breakers)
   */
  public MeshLoadBalancer(UpstreamResolver resolver) {
    this.resolver = resolver;
  }

  @Override
  public InteractionMetrics<?> newMetrics() {
    return new LeaseMetrics();
  }

  @Override
  public ServerSelector selector(List<? extends ServerEndpoint> servers) {
    List<MeshServer> mesh = new ArrayList<>(servers.size());
    List<LeaseMetrics> metrics = new ArrayList<>(servers.size());
    for (ServerEndpoint s : servers) {
      mesh.add((MeshServer) s.unwrap());
      metrics.add((LeaseMetrics) s.metrics());
    }
    AtomicInteger fallback = new AtomicInteger();
    return () -> {
      if (mesh.isEmpty()) {
        return -1;
      }
      UpstreamTarget target = mesh.get(0).target();
      EndpointLease lease;
      try {
        lease = resolver.lease(target, List.of()); // the SDK chooses, and counts it outstanding
      } catch (NoHealthyUpstreamException e) {
        return -1;
      } catch (UpstreamCircuitOpenException e) {
        log.debug("upstream {}: {}", target, e.getMessage());
        return -1;
      }
      for (int i = 0; i < mesh.size(); i++) {
        if (mesh.get(i).endpoint().equals(lease.endpoint())) {
          Pending p = new Pending(lease);
          Queue<Pending> queue = metrics.get(i).pending;
          queue.add(p); // taken by the request's interaction
          Context ctx = Vertx.currentContext();
          if (ctx != null) {
            // Vert.x starts the interaction right after selecting, or never
            Vertx vertx = ctx.owner();
            p.cancel(vertx, vertx.setTimer(CLAIM_WITHIN_MS, id -> p.releaseUnclaimed(queue)));
          }
          return i;
        }
      }
      // the SDK saw a newer catalog answer than this list: any listed instance will do, untracked
      lease.refused();
      lease.close();
      return Math.floorMod(fallback.getAndIncrement(), mesh.size());
    };
  }

  /**
   * @param failure a failed request or connection
   * @return true if it failed because our own client or its connection pool was closed: nothing was
   *     asked of the instance, so it counts for no outlier ejection and no breaker
   */
  public static boolean clientClosed(Throwable failure) {
    String m = failure == null ? null : failure.getMessage();
    return m != null
        && (m.equals("Client is closed")
            || m.equals("Pool closed")
            || m.startsWith("Resource manager closed")
            || m.startsWith("Resource manager shutdown"));
  }

  /** A lease taken at selection, claimed once: by an interaction or by the release task. */
  static final class Pending {
    final EndpointLease lease;
    private final AtomicBoolean claimed = new AtomicBoolean();
    private volatile Vertx vertx;
    private volatile long timer = -1;

    Pending(EndpointLease lease) {
      this.lease = lease;
    }

    void cancel(Vertx v, long id) {
      vertx = v;
      timer = id;
    }

    boolean claim() {
      return claimed.compareAndSet(false, true);
    }

    void claimed() {
      Vertx v = vertx;
      if (v != null && timer >= 0) {
        v.cancelTimer(timer);
      }
    }

    void releaseUnclaimed(Queue<Pending> queue) {
      if (claim()) {
        queue.remove(this);
        log.debug("{}: selected but no request started on it; released", lease);
        lease.close(); // no outcome: neither a failure of the instance nor a success
      }
    }
  }

  /**
   * Per-server interaction metrics: a request's interaction takes the lease its selection made and
   * reports the outcome to it.
   */
  static final class LeaseMetrics implements InteractionMetrics<EndpointLease> {
    final Queue<Pending> pending = new ConcurrentLinkedQueue<>();

    @Override
    public EndpointLease initiateRequest() {
      for (Pending p; (p = pending.poll()) != null; ) {
        if (p.claim()) {
          p.claimed();
          return p.lease;
        }
      }
      return null;
    }

    @Override
    public void reportFailure(EndpointLease lease, Throwable failure) {
      if (lease != null) {
        if (!clientClosed(failure)) {
          lease.failed(failure);
        }
        lease.close();
      }
    }

    @Override
    public void reportResponseEnd(EndpointLease lease) {
      if (lease != null) {
        lease.connected();
        lease.close();
      }
    }
  }
}
