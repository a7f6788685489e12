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

import io.nativemesh.discovery.Endpoint;
import io.nativemesh.discovery.NoHealthyUpstreamException;
import io.nativemesh.discovery.UpstreamResolver;
import io.nativemesh.discovery.UpstreamTarget;
import io.nativemesh.vertx.MeshAddress;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.Address;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.endpoint.EndpointBuilder;
import io.vertx.core.spi.endpoint.EndpointResolver;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Vert.x endpoint resolution over the SDK's {@link UpstreamResolver}: one shared blocking watch of
 * {@code /v1/health/connect/<service>?passing} per upstream (run by the SDK's watch threads, never
 * on an event loop). The first resolution of an upstream completes when the catalog first answers;
 * afterwards every request sees the endpoint set of the latest answer without waiting. Thread-safe.
 *
 * @param <B> the Vert.x endpoint type
 */
public final class MeshEndpointResolver<B>
    implements EndpointResolver<MeshAddress, MeshServer, MeshEndpointResolver.Lookup<B>, B> {
  private final Vertx vertx;
  private final UpstreamResolver resolver;
  private final Duration firstResolveTimeout;

  /**
   * @param vertx the Vert.x instance (timers)
   * @param resolver the SDK's resolver
   * @param firstResolveTimeout how long a first resolution waits for the catalog
   */
  public MeshEndpointResolver(
      Vertx vertx, UpstreamResolver resolver, Duration firstResolveTimeout) {
    this.vertx = vertx;
    this.resolver = resolver;
    this.firstResolveTimeout = firstResolveTimeout;
  }

  /**
   * The resolution state of one upstream.
   *
   * @param <B> the Vert.x endpoint type
   */
  public static final class Lookup<B> {
    final UpstreamTarget target;
    final EndpointBuilder<B, MeshServer> builder;
    private List<Endpoint> endpoints;
    private B built;

    Lookup(UpstreamTarget target, EndpointBuilder<B, MeshServer> builder) {
      this.target = target;
      this.builder = builder;
    }
  }

  /**
   * @param resolver the SDK's resolver
   * @param address a mesh address
   * @return the target to resolve: the one configured for the service when the address names the
   *     service only
   */
  public static UpstreamTarget targetOf(UpstreamResolver resolver, MeshAddress address) {
    return address.target().equals(UpstreamTarget.of(address.service()))
        ? resolver.target(address.service())
        : address.target();
  }

  @Override
  public MeshAddress tryCast(Address address) {
    return address instanceof MeshAddress m ? m : null;
  }

  @Override
  public SocketAddress addressOf(MeshServer server) {
    return server.address();
  }

  @Override
  public Future<Lookup<B>> resolve(MeshAddress address, EndpointBuilder<B, MeshServer> builder) {
    UpstreamTarget target = targetOf(resolver, address);
    return firstResolution(vertx, resolver, target, firstResolveTimeout)
        .map(endpoints -> new Lookup<>(target, builder));
  }

  /**
   * @param vertx the Vert.x instance
   * @param resolver the SDK's resolver
   * @param target the upstream
   * @param timeout how long to wait for the catalog's first answer
   * @return completes, on the caller's context, with the first endpoint set, or fails with {@link
   *     NoHealthyUpstreamException}; a wait past {@link StallTrace#AFTER} is reported
   */
  public static Future<List<Endpoint>> firstResolution(
      Vertx vertx, UpstreamResolver resolver, UpstreamTarget target, Duration timeout) {
    String caller = StallTrace.caller();
    Promise<List<Endpoint>> p = Promise.promise();
    resolver
        .whenResolved(target)
        .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete(
            (list, err) -> {
              if (err == null) {
                p.tryComplete(list);
              } else {
                p.tryFail(
                    new NoHealthyUpstreamException(
                        target.service(),
                        err instanceof java.util.concurrent.TimeoutException
                            ? "the catalog did not answer within " + timeout
                            : String.valueOf(err)));
              }
            });
    Promise<List<Endpoint>> onContext = Promise.promise();
    io.vertx.core.Context ctx = vertx.getOrCreateContext();
    p.future().onComplete(ar -> ctx.runOnContext(v -> onContext.handle(ar)));
    // traced alike whether the caller runs on a Vert.x context or outside any
    return StallTrace.watch(
        vertx,
        "request to upstream " + target,
        "the catalog's first answer",
        caller,
        onContext.future());
  }

  @Override
  public B endpoint(Lookup<B> state) {
    List<Endpoint> now = resolver.endpoints(state.target); // resolved: never waits
    synchronized (state) {
      if (state.built == null || !now.equals(state.endpoints)) {
        EndpointBuilder<B, MeshServer> b = state.builder;
        for (Endpoint e : now) {
          MeshServer s = MeshServer.of(state.target, e);
          b = b.addServer(s, s.key());
        }
        state.endpoints = now;
        state.built = b.build();
      }
      return state.built;
    }
  }

  @Override
  public boolean isValid(Lookup<B> state) {
    return true;
  }

  @Override
  public void dispose(Lookup<B> data) {
    // the SDK's watch is shared and closed with the mesh service
  }

  @Override
  public void close() {
    // idem
  }
}
