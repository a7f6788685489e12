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
package io.nativemesh.discovery;

import io.nativemesh.discovery.internal.Attempts;
import io.nativemesh.discovery.internal.PeerCheck;
import io.nativemesh.tls.MeshState;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * Opens blocking mutual-TLS sockets to healthy instances of upstreams, with the resolver's
 * balancing, outlier ejection, circuit breaker and retries on another instance. The peer must
 * present the upstream's SPIFFE ID (service, datacenter and namespace; trust domain ignored as
 * Consul does). Thread-safe.
 *
 * @since 0.1.0
 */
public final class MeshDialer {
  private final SSLContext context;
  private final UpstreamResolver resolver;
  private final Supplier<MeshState> state;
  private final RefusalDiagnostics diagnostics;

  /**
   * @param context the mesh {@link SSLContext}
   * @param resolver upstream resolution and policies
   * @param state our current mesh state (for diagnostics), may supply null before ready
   * @param diagnostics explains refusals
   */
  public MeshDialer(
      SSLContext context,
      UpstreamResolver resolver,
      Supplier<MeshState> state,
      RefusalDiagnostics diagnostics) {
    this.context = context;
    this.resolver = resolver;
    this.state = state;
    this.diagnostics = diagnostics;
  }

  /**
   * @param upstream the upstream service (its configured {@link UpstreamTarget})
   * @param timeout connect and handshake timeout per attempt; null for the upstream policy's
   * @return a connected socket, handshake done, peer verified
   * @throws MeshConnectException if the peer refused us or its identity is wrong (with the reason)
   * @throws UpstreamCircuitOpenException if the upstream's breaker is open
   * @throws IOException if no instance could be reached (the last failure)
   */
  public SSLSocket dial(String upstream, Duration timeout) throws IOException {
    return dial(resolver.target(upstream), timeout);
  }

  /**
   * @param target the upstream
   * @param timeout connect and handshake timeout per attempt; null for the upstream policy's
   * @return a connected socket, handshake done, peer verified
   * @throws IOException as {@link #dial(String, Duration)}
   */
  public SSLSocket dial(UpstreamTarget target, Duration timeout) throws IOException {
    return Attempts.blocking(resolver, target, lease -> attempt(lease, timeout));
  }

  private SSLSocket attempt(EndpointLease lease, Duration timeout) throws IOException {
    Endpoint ep = lease.endpoint();
    int connectMs = (int) (timeout != null ? timeout : lease.policy().connectTimeout()).toMillis();
    int handshakeMs =
        (int) (timeout != null ? timeout : lease.policy().handshakeTimeout()).toMillis();
    Socket raw = new Socket();
    try {
      raw.setTcpNoDelay(true);
      raw.connect(ep.address(), connectMs);
      raw.setSoTimeout(handshakeMs);
      SSLSocket s =
          (SSLSocket)
              context
                  .getSocketFactory()
                  .createSocket(raw, ep.meshHost(), ep.address().getPort(), true);
      s.startHandshake();
      PeerCheck.verify(s.getSession(), ep);
      raw.setSoTimeout(0);
      lease.connected();
      lease.close(); // a dialled socket counts as outstanding while connecting only
      return s;
    } catch (IOException e) {
      raw.close();
      MeshState st = state.get();
      Optional<MeshConnectException> x =
          diagnostics.explain(st == null ? null : st.identity(), ep, e);
      if (x.isPresent() && x.get().refusedByPeer()) {
        lease.refused();
        lease.close();
        throw x.get();
      }
      lease.failed(e);
      lease.close();
      throw x.isPresent() ? x.get() : e;
    }
  }
}
