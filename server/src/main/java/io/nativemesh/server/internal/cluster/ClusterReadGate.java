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
package io.nativemesh.server.internal.cluster;

import io.nativemesh.server.internal.http.ApiRequest;
import io.nativemesh.server.internal.http.ReadGate;
import io.netty.handler.codec.http.HttpMethod;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Consul's consistency modes on a cluster server (docs/cluster.md): a read ({@code GET}) with
 * {@code ?stale} is served from this server's state as it is; any other read — default mode and
 * {@code ?consistent} — first passes a Raft read-index barrier through the leader, so it sees every
 * write committed before it started (default mode is thus as strong as {@code ?consistent};
 * Consul's default mode may use a leader lease instead). Writes are not gated here: they go through
 * the log. Every response carries {@code X-Consul-KnownLeader} and {@code X-Consul-LastContact} as
 * this server knows them. Thread-safe.
 */
public final class ClusterReadGate implements ReadGate {
  private final ClusterNode node;

  /**
   * @param node the cluster server
   */
  public ClusterReadGate(ClusterNode node) {
    this.node = node;
  }

  @Override
  public CompletableFuture<Void> before(ApiRequest request) {
    HttpMethod m = request.method();
    boolean read = m.equals(HttpMethod.GET) || m.equals(HttpMethod.HEAD);
    if (!read
        || request.flag("stale")
        || request.path().startsWith("/v1/status/")
        || request.path().startsWith("/v1/agent/")
        || request.path().startsWith("/v1/operator/raft/")) {
      // agent and status endpoints describe this server (Consul answers them locally)
      return CompletableFuture.completedFuture(null);
    }
    return node.readBarrier();
  }

  @Override
  public Map<String, String> leaderHeaders() {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("X-Consul-KnownLeader", Boolean.toString(node.knownLeader()));
    h.put("X-Consul-LastContact", Long.toString(node.lastContactMillis()));
    return h;
  }
}
