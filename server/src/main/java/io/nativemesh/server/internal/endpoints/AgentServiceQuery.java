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
package io.nativemesh.server.internal.endpoints;

import io.nativemesh.core.model.AgentService;
import io.nativemesh.server.internal.acl.Access;
import io.nativemesh.server.internal.http.ApiRequest;
import io.nativemesh.server.internal.http.ApiResponse;
import io.nativemesh.server.internal.http.BlockingQuery;
import io.nativemesh.server.internal.http.HttpError;
import io.nativemesh.server.internal.http.Json;
import io.nativemesh.server.internal.state.Table;
import io.nativemesh.server.internal.state.Watch;
import io.netty.util.concurrent.ScheduledFuture;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /v1/agent/service/:id} with hash blocking (docs/consul-api.md, "Hash-based blocking"):
 * the response carries a {@code ContentHash} field and {@code X-Consul-ContentHash} header; with
 * {@code ?hash=<h>} the request parks until the service's hash differs from {@code h} or {@code
 * wait} (default 5 min, max 10 min, plus jitter) passes. Hashes are opaque. One instance per
 * request; runs on the connection's event loop.
 */
final class AgentServiceQuery {
  private final ServerContext ctx;
  private final CompletableFuture<ApiResponse> future = new CompletableFuture<>();
  private Watch watch;
  private ScheduledFuture<?> timeout;
  private String id;
  private String hash;

  AgentServiceQuery(ServerContext ctx) {
    this.ctx = ctx;
  }

  CompletableFuture<ApiResponse> run(ApiRequest r) {
    id = r.pathParam();
    hash = r.query("hash");
    BlockingQuery.Params p = BlockingQuery.parse(r);
    AgentService svc = ctx.store().snapshot().services().get(id);
    if (svc != null) {
      ctx.acl().require(r, "service", svc.service(), Access.READ); // Consul: service:read
    }
    if (hash == null || hash.isEmpty()) {
      return CompletableFuture.completedFuture(answer());
    }
    long waitNanos = p.waitTime().toNanos();
    long jitter = ctx.random().nextLong(waitNanos / BlockingQuery.JITTER_FRACTION + 1);
    future.whenComplete(
        (x, e) ->
            r.executor()
                .execute(
                    () -> {
                      if (watch != null) {
                        watch.cancel();
                      }
                      if (timeout != null) {
                        timeout.cancel(false);
                      }
                    }));
    timeout =
        r.executor()
            .schedule(
                () -> {
                  if (!future.isDone()) {
                    complete();
                  }
                },
                waitNanos + jitter,
                TimeUnit.NANOSECONDS);
    attempt(r);
    return future;
  }

  private void complete() {
    try {
      future.complete(answer());
    } catch (RuntimeException e) {
      future.completeExceptionally(e);
    }
  }

  private void attempt(ApiRequest r) {
    if (future.isDone()) {
      return;
    }
    Watch w = ctx.store().watch(List.of(Table.SERVICES));
    AgentService svc = ctx.store().snapshot().services().get(id);
    if (svc == null || !hashOf(svc).equals(hash)) {
      w.cancel();
      complete();
      return;
    }
    watch = w;
    w.fired().thenRunAsync(() -> attempt(r), r.executor());
  }

  private ApiResponse answer() {
    AgentService svc = ctx.store().snapshot().services().get(id);
    if (svc == null) {
      throw HttpError.notFound("unknown service ID: " + id);
    }
    String h = hashOf(svc);
    AgentService out =
        new AgentService(
            svc.kind(),
            svc.id(),
            svc.service(),
            svc.tags(),
            svc.address(),
            svc.meta(),
            svc.port(),
            svc.weights(),
            svc.enableTagOverride(),
            svc.connect(),
            svc.datacenter(),
            h,
            svc.createIndex(),
            svc.modifyIndex(),
            svc.proxy());
    return ApiResponse.json(out).header("X-Consul-ContentHash", h);
  }

  /**
   * @param svc an instance
   * @return its opaque content hash (16 hex digits of SHA-256 over its JSON without indexes)
   */
  static String hashOf(AgentService svc) {
    AgentService bare =
        new AgentService(
            svc.kind(),
            svc.id(),
            svc.service(),
            svc.tags(),
            svc.address(),
            svc.meta(),
            svc.port(),
            svc.weights(),
            svc.enableTagOverride(),
            svc.connect(),
            svc.datacenter(),
            null,
            0,
            0,
            svc.proxy());
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(Json.write(bare, false));
      return HexFormat.of().formatHex(d, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
