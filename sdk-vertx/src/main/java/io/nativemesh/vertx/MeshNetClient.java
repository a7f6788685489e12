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

import io.nativemesh.discovery.Endpoint;
import io.nativemesh.discovery.EndpointLease;
import io.nativemesh.discovery.MeshConnectException;
import io.nativemesh.discovery.NoHealthyUpstreamException;
import io.nativemesh.discovery.UpstreamCircuitOpenException;
import io.nativemesh.discovery.UpstreamResolver;
import io.nativemesh.discovery.UpstreamTarget;
import io.nativemesh.tls.CertificateRejectedException;
import io.nativemesh.vertx.internal.MeshEndpointResolver;
import io.nativemesh.vertx.internal.MeshLoadBalancer;
import io.nativemesh.vertx.internal.MeshServer;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.ConnectOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;

/**
 * TCP connections to mesh upstreams: {@link #connect(String)} resolves the service through the
 * SDK's watches, picks a healthy instance by the upstream's policy (balancing, outlier ejection,
 * circuit breaker), connects with mutual TLS and checks in the handshake that the server is the
 * dialled service; a failed attempt is reported to the SDK and retried on another instance up to
 * the policy's {@code maxAttempts}. A handshake refused by the server (no intention) or a wrong
 * server identity is not retried. Completes on the caller's context. Thread-safe.
 *
 * @since 0.1.0
 */
public final class MeshNetClient implements AutoCloseable {
  private final UpstreamResolver resolver;
  private final NetClient client;
  private final Vertx vertx;
  private final Duration resolveTimeout;
  private volatile boolean closed;

  MeshNetClient(
      Vertx vertx, UpstreamResolver resolver, NetClientOptions options, Duration resolveTimeout) {
    this.vertx = vertx;
    this.resolver = resolver;
    this.client = vertx.createNetClient(options);
    this.resolveTimeout = resolveTimeout;
  }

  /**
   * @param service the upstream service
   * @return the connected socket, handshake done and the server's identity verified; fails with
   *     {@link NoHealthyUpstreamException}, {@link UpstreamCircuitOpenException}, {@link
   *     MeshConnectException} (handshake refused, with the reason) or the last connection error
   */
  public Future<NetSocket> connect(String service) {
    return connect(MeshAddress.of(service));
  }

  /**
   * @param address the upstream
   * @return as {@link #connect(String)}
   */
  public Future<NetSocket> connect(MeshAddress address) {
    UpstreamTarget target = MeshEndpointResolver.targetOf(resolver, address);
    return MeshEndpointResolver.firstResolution(vertx, resolver, target, resolveTimeout)
        .compose(
            first -> {
              Promise<NetSocket> p = Promise.promise();
              attempt(target, new ArrayList<>(), 1, p);
              return p.future();
            });
  }

  private void attempt(UpstreamTarget target, List<Endpoint> tried, int n, Promise<NetSocket> p) {
    EndpointLease lease;
    try {
      lease = resolver.lease(target, tried); // resolved: does not wait
    } catch (NoHealthyUpstreamException | UpstreamCircuitOpenException e) {
      p.fail(e);
      return;
    }
    Endpoint e = lease.endpoint();
    MeshServer server = MeshServer.of(target, e);
    ConnectOptions o =
        new ConnectOptions()
            .setRemoteAddress(server.address())
            .setHost(e.meshHost())
            .setPort(e.address().getPort())
            .setSsl(true)
            .setTimeout(
                (int) Math.min(Integer.MAX_VALUE, lease.policy().connectTimeout().toMillis()));
    Future<NetSocket> connecting;
    try {
      connecting = client.connect(o);
    } catch (RuntimeException ex) {
      lease.close(); // never attempted: no outcome to report
      p.fail(ex);
      return;
    }
    connecting.onComplete(
        ar -> {
          if (ar.succeeded()) {
            lease.connected();
            lease.close();
            p.complete(ar.result());
            return;
          }
          Throwable cause = ar.cause();
          if (closed || MeshLoadBalancer.clientClosed(cause)) {
            // this client was closed: nothing was dialled, not the instance's failure
            lease.close();
            p.fail(cause);
            return;
          }
          CertificateRejectedException rejected = rejection(cause);
          if (rejected != null) {
            lease.refused();
            lease.close();
            p.fail(
                new MeshConnectException(
                    target.service(),
                    false,
                    "refused the server " + e + ": " + rejected.getMessage(),
                    cause));
            return;
          }
          if (cause instanceof SSLHandshakeException) {
            lease.refused();
            lease.close();
            p.fail(
                new MeshConnectException(
                    target.service(),
                    true,
                    e + " refused the handshake (no intention allows us?): " + cause,
                    cause));
            return;
          }
          lease.failed(cause);
          lease.close();
          tried.add(e);
          if (n < lease.policy().maxAttempts()) {
            attempt(target, tried, n + 1, p);
          } else {
            p.fail(cause);
          }
        });
  }

  private static CertificateRejectedException rejection(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof CertificateRejectedException r) {
        return r;
      }
    }
    return null;
  }

  /**
   * @return the underlying Vert.x client (for metrics or closing)
   */
  public NetClient netClient() {
    return client;
  }

  /** Closes the underlying client; connections in progress fail, counted against no instance. */
  @Override
  public void close() {
    closed = true;
    client.close();
  }
}
