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

import io.nativemesh.discovery.CircuitState;
import io.nativemesh.discovery.Endpoint;
import io.nativemesh.discovery.EndpointLease;
import io.nativemesh.discovery.NoHealthyUpstreamException;
import io.nativemesh.discovery.UpstreamCircuitOpenException;
import io.nativemesh.discovery.UpstreamResolver;
import io.nativemesh.discovery.UpstreamTarget;
import io.vertx.core.net.endpoint.InteractionMetrics;
import io.vertx.core.net.endpoint.LoadBalancer;
import io.vertx.core.net.endpoint.ServerEndpoint;
import io.vertx.core.net.endpoint.ServerSelector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Vert.x {@link LoadBalancer} that lets the SDK choose: the upstream's {@code UpstreamPolicy}
 * balancing (round robin, random, least outstanding, P2C) over instances not ejected as outliers or
 * marked down, guarded by its circuit breaker. Each request holds an {@link EndpointLease} from its
 * start to its response (or failure), so outstanding counts feed P2C and failures feed outlier
 * ejection and the breaker. Thread-safe.
 */
public final class MeshLoadBalancer implements LoadBalancer {
  private static final Logger log = LoggerFactory.getLogger(MeshLoadBalancer.class);
  private final UpstreamResolver resolver;

  /**
   * @param resolver the SDK's resolver (policies, ejections, breakers)
   */
  public MeshLoadBalancer(UpstreamResolver resolver) {
    this.resolver = resolver;
  }

  @Override
  public InteractionMetrics<?> newMetrics() {
    return new LeaseMetrics(resolver);
  }

  @Override
  public ServerSelector selector(List<? extends ServerEndpoint> servers) {
    List<MeshServer> mesh = new ArrayList<>(servers.size());
    for (ServerEndpoint s : servers) {
      MeshServer m = (MeshServer) s.unwrap();
      ((LeaseMetrics) s.metrics()).bind(m, servers);
      mesh.add(m);
    }
    AtomicInteger fallback = new AtomicInteger();
    return () -> {
      if (mesh.isEmpty()) {
        return -1;
      }
      UpstreamTarget target = mesh.get(0).target();
      if (resolver.circuitState(target) == CircuitState.OPEN) {
        log.debug("upstream {}: circuit breaker open", target);
        return -1;
      }
      Endpoint chosen;
      try {
        chosen = resolver.pick(target.service(), List.of());
      } catch (NoHealthyUpstreamException e) {
        return -1;
      }
      for (int i = 0; i < mesh.size(); i++) {
        if (mesh.get(i).endpoint().equals(chosen)) {
          return i;
        }
      }
      // the SDK saw a newer catalog answer than this list: any listed instance will do
      return Math.floorMod(fallback.getAndIncrement(), mesh.size());
    };
  }

  /** Per-server interaction metrics holding the request's lease. */
  static final class LeaseMetrics implements InteractionMetrics<EndpointLease> {
    private final UpstreamResolver resolver;
    private volatile MeshServer server;
    private volatile List<Endpoint> others;

    LeaseMetrics(UpstreamResolver resolver) {
      this.resolver = resolver;
    }

    void bind(MeshServer s, List<? extends ServerEndpoint> all) {
      List<Endpoint> o = new ArrayList<>(all.size());
      for (ServerEndpoint e : all) {
        Endpoint ep = ((MeshServer) e.unwrap()).endpoint();
        if (!ep.equals(s.endpoint())) {
          o.add(ep);
        }
      }
      this.others = o;
      this.server = s;
    }

    @Override
    public EndpointLease initiateRequest() {
      MeshServer s = server;
      if (s == null) {
        return null;
      }
      try {
        // excluding every other instance: a lease on exactly this one
        return resolver.lease(s.target(), others);
      } catch (NoHealthyUpstreamException | UpstreamCircuitOpenException e) {
        return null; // left the catalog or breaker opened meanwhile: not tracked
      }
    }

    @Override
    public void reportFailure(EndpointLease lease, Throwable failure) {
      if (lease != null) {
        lease.failed(failure);
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
