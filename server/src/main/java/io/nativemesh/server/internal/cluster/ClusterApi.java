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

import io.nativemesh.server.internal.endpoints.ServerContext;
import io.nativemesh.server.internal.http.ApiRequest;
import io.nativemesh.server.internal.http.ApiResponse;
import io.nativemesh.server.internal.http.HttpError;
import io.nativemesh.server.internal.http.Router;
import io.netty.handler.codec.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.ratis.protocol.RaftPeer;

/**
 * The cluster's view of Consul's status and operator endpoints (registered after the single-server
 * ones, so these win): {@code GET /v1/status/leader}, {@code GET /v1/status/peers}, {@code GET
 * /v1/operator/raft/configuration}, {@code DELETE /v1/operator/raft/peer} ({@code ?id=} or {@code
 * ?address=}) and {@code GET /v1/agent/members} (one member per server, {@code Status} 1 alive or 4
 * failed as the leader's heartbeats see it; a server that reaches no leader sees only itself
 * alive). Addresses are the servers' replication addresses ({@code -server-port}), as Consul
 * reports its server RPC addresses. A server's name is its node name ({@code -node}) once this
 * server has learned it through the leader ({@code ServerNames}, within about 10 s), its Raft peer
 * ID ({@code host_port}) until then. Thread-safe.
 */
public final class ClusterApi {
  private final ServerContext ctx;
  private final ClusterNode node;

  /**
   * @param ctx shared components
   * @param node the cluster server
   */
  public ClusterApi(ServerContext ctx, ClusterNode node) {
    this.ctx = ctx;
    this.node = node;
  }

  /**
   * @param router the router to add the routes to
   */
  public void register(Router router) {
    router.add(HttpMethod.GET, "/v1/status/leader", r -> ApiResponse.json(leader()));
    router.add(HttpMethod.GET, "/v1/status/peers", r -> ApiResponse.json(peers()));
    router.add(HttpMethod.GET, "/v1/operator/raft/configuration", this::configuration);
    router.addBlocking(HttpMethod.DELETE, "/v1/operator/raft/peer", this::removePeer);
    router.addAsync(HttpMethod.GET, "/v1/agent/members", this::members);
  }

  private String leader() {
    String a = node.leaderAddress();
    return a == null ? "" : a;
  }

  private List<String> peers() {
    List<String> out = new ArrayList<>();
    for (RaftPeer p : node.peers()) {
      out.add(p.getAddress());
    }
    return out;
  }

  private String name(RaftPeer p) {
    return node.names().name(p.getId().toString());
  }

  private ApiResponse configuration(ApiRequest r) {
    ctx.acl().requireRule(r, "operator:read", null);
    String leader = node.leaderAddress();
    List<Map<String, Object>> servers = new ArrayList<>();
    for (RaftPeer p : node.peers()) {
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("ID", p.getId().toString());
      s.put("Node", name(p));
      s.put("Address", p.getAddress());
      s.put("Leader", p.getAddress().equals(leader));
      s.put("ProtocolVersion", "3");
      s.put("Voter", true);
      s.put("LastIndex", node.lastAppliedIndex());
      servers.add(s);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("Servers", servers);
    body.put("Index", node.lastAppliedIndex());
    return ApiResponse.json(body);
  }

  private ApiResponse removePeer(ApiRequest r) {
    ctx.acl().requireRule(r, "operator:write", null);
    String id = r.query("id");
    String address = r.query("address");
    String which = id != null && !id.isEmpty() ? id : address;
    if (which == null || which.isEmpty()) {
      throw HttpError.badRequest("Must specify either ?id with the server's ID or ?address");
    }
    if (!node.removePeer(which)) {
      throw HttpError.notFound("\"" + which + "\" was not found in the Raft configuration");
    }
    return ApiResponse.empty();
  }

  /** Consul's member status codes (Serf): alive and failed. */
  private static final int ALIVE = 1;

  private static final int FAILED = 4;

  /**
   * The leader's view of which servers answer it ({@link LeaderDuties#members}), peer ID to ms
   * since it last answered; null when no leader answers (then only this server is known alive, as
   * Serf on the minority side of a partition sees the others failed).
   */
  private CompletableFuture<Map<String, Long>> leaderView() {
    if (node.isLeader()) {
      return CompletableFuture.completedFuture(parse(LeaderDuties.view(node)));
    }
    if (!node.knownLeader()) {
      return CompletableFuture.completedFuture(null);
    }
    return node.sendToLeader(LeaderDuties.MEMBERS.getBytes(StandardCharsets.UTF_8))
        .thenApply(ClusterApi::parse)
        .exceptionally(e -> null);
  }

  private static Map<String, Long> parse(String view) {
    if (view.equals(LeaderDuties.NOT_LEADER)) {
      return null;
    }
    Map<String, Long> out = new HashMap<>();
    for (String line : view.split("\n")) {
      int eq = line.lastIndexOf('=');
      if (eq > 0) {
        out.put(line.substring(0, eq), Long.parseLong(line.substring(eq + 1)));
      }
    }
    return out;
  }

  private CompletableFuture<ApiResponse> members(ApiRequest r) {
    ctx.acl().requireRule(r, "node:read", ctx.config().nodeName());
    // a follower the leader has not heard from for twice the longest election timeout has missed
    // several heartbeats (they go out every half the shortest one)
    long failedAfterMs = ctx.config().cluster().electionTimeoutMax().toMillis() * 2;
    return leaderView()
        .thenApply(
            view -> {
              String leader = node.leaderAddress();
              List<Map<String, Object>> out = new ArrayList<>();
              for (RaftPeer p : node.peers()) {
                String id = p.getId().toString();
                Long ms = view == null ? null : view.get(id);
                boolean alive = id.equals(node.selfId()) || (ms != null && ms < failedAfterMs);
                out.add(member(p, leader, alive ? ALIVE : FAILED));
              }
              return ApiResponse.json(out);
            });
  }

  private Map<String, Object> member(RaftPeer p, String leader, int status) {
    String addr = p.getAddress();
    int colon = addr.lastIndexOf(':');
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Name", name(p));
    m.put("Addr", addr.substring(0, colon));
    m.put("Port", Integer.parseInt(addr.substring(colon + 1)));
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("dc", ctx.config().datacenter());
    tags.put("id", p.getId().toString());
    tags.put("port", addr.substring(colon + 1));
    tags.put("raft_vsn", "3");
    tags.put("role", "consul");
    tags.put("leader", Boolean.toString(addr.equals(leader)));
    m.put("Tags", tags);
    m.put("Status", status);
    return m;
  }
}
