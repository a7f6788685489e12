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
package io.nativemesh.discovery.internal;

import io.nativemesh.core.ServiceIdentity;
import io.nativemesh.discovery.Endpoint;
import io.nativemesh.discovery.EndpointLease;
import io.nativemesh.discovery.MeshConnectException;
import io.nativemesh.discovery.RefusalDiagnostics;
import io.nativemesh.discovery.UpstreamPolicy;
import io.nativemesh.discovery.UpstreamResolver;
import io.nativemesh.discovery.UpstreamTarget;
import io.nativemesh.tls.MeshHostnames;
import io.nativemesh.tls.MeshState;
import io.nativemesh.tls.MeshStateStore;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Rewrites a request for {@code <service>} (or {@code <service>.service[.<dc>].consul}) to an
 * instance-pinned mesh URL chosen by the resolver, applies the upstream's timeouts, and retries on
 * another instance when connecting or the handshake fails (any method: nothing was sent) or, for
 * idempotent methods, when the exchange broke. Thread-safe.
 */
public final class UpstreamInterceptor implements Interceptor {
  private static final Set<String> IDEMPOTENT =
      Set.of("GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE");

  private final UpstreamResolver resolver;
  private final MeshStateStore store;
  private final RefusalDiagnostics diagnostics;

  /**
   * @param resolver upstream resolution, balancing and policies
   * @param store mesh state (our identity)
   * @param diagnostics explains refusals
   */
  public UpstreamInterceptor(
      UpstreamResolver resolver, MeshStateStore store, RefusalDiagnostics diagnostics) {
    this.resolver = resolver;
    this.store = store;
    this.diagnostics = diagnostics;
  }

  /**
   * @param host a URL host
   * @return the upstream service it names, or null if it is not a mesh name
   */
  static String serviceOf(String host) {
    if (host.indexOf('.') < 0 && !host.isEmpty() && !host.equals("localhost")) {
      return host; // http://greeting/...
    }
    return MeshHostnames.parse(host)
        .filter(h -> h.address() == null)
        .map(MeshHostnames::service)
        .orElse(null);
  }

  /**
   * @param host a URL host
   * @return the upstream target it names, or null if it is not a mesh name
   */
  UpstreamTarget targetOf(String host) {
    String service = serviceOf(host);
    if (service == null) {
      return null;
    }
    UpstreamTarget t = resolver.target(service);
    String dc = MeshHostnames.parse(host).map(MeshHostnames::datacenter).orElse(null);
    return dc == null ? t : t.inDatacenter(dc);
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request req = chain.request();
    UpstreamTarget target = targetOf(req.url().host());
    if (target == null) {
      return chain.proceed(req); // already pinned (or rejected later by MeshDns)
    }
    boolean idempotent = IDEMPOTENT.contains(req.method());
    return Attempts.blocking(resolver, target, lease -> attempt(chain, req, lease, idempotent));
  }

  private Response attempt(Chain chain, Request req, EndpointLease lease, boolean idempotent)
      throws IOException {
    Endpoint ep = lease.endpoint();
    UpstreamPolicy p = lease.policy();
    HttpUrl url =
        req.url()
            .newBuilder()
            .scheme("https")
            .host(ep.meshHost())
            .port(ep.address().getPort())
            .build();
    try {
      Response r =
          chain
              .withConnectTimeout(
                  (int) p.connectTimeout().plus(p.handshakeTimeout()).toMillis(),
                  TimeUnit.MILLISECONDS)
              .withReadTimeout((int) p.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
              .withWriteTimeout((int) p.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
              .proceed(req.newBuilder().url(url).build());
      lease.connected();
      return r;
    } catch (IOException e) {
      MeshState s = store.current();
      ServiceIdentity self = s == null ? null : s.identity();
      Optional<MeshConnectException> explained = diagnostics.explain(self, ep, e);
      if (explained.isPresent() && explained.get().refusedByPeer()) {
        lease.refused();
        throw explained.get(); // every instance applies the same intentions: not retried
      }
      lease.failed(e);
      IOException surfaced = explained.isPresent() ? explained.get() : e;
      boolean notSent =
          e instanceof ConnectException
              || e instanceof NoRouteToHostException
              || explained.isPresent()
              || e instanceof SSLHandshakeException;
      if (!notSent && !idempotent) {
        throw new NotRetryableException(surfaced);
      }
      throw surfaced;
    } finally {
      lease.close();
    }
  }
}
