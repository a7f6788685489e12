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

import io.nativemesh.core.NativeMeshVersion;
import io.nativemesh.core.model.Node;
import io.nativemesh.server.internal.state.StateSnapshot;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The agent's self-description as Consul shapes it: the serf member ({@code /v1/agent/members},
 * {@code Member} of {@code /v1/agent/self}), {@code Stats}, {@code DebugConfig} and {@code Coord}.
 * This server is a single node that is its own leader, so the LAN and WAN pools each hold one
 * member (the WAN one named {@code <node>.<datacenter>}, as Consul names WAN members). Stateless.
 */
final class AgentSelf {
  /** Consul's serf LAN port, reported as the member port (nothing listens on it). */
  static final int SERF_LAN_PORT = 8301;

  /** Consul's serf WAN port. */
  static final int SERF_WAN_PORT = 8302;

  private AgentSelf() {}

  /**
   * Consul API: one {@code serf.Member} with the protocol ranges Consul 1.17 reports.
   *
   * @param ctx shared components
   * @param node the agent's node
   * @param wan the WAN pool ({@code ?wan=1}): name {@code node.dc}, port 8302
   * @return the member object
   */
  static Map<String, Object> member(ServerContext ctx, Node node, boolean wan) {
    String dc = ctx.config().datacenter();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Name", wan ? node.node() + "." + dc : node.node());
    m.put("Addr", ctx.advertiseAddress());
    m.put("Port", wan ? SERF_WAN_PORT : SERF_LAN_PORT);
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("acls", ctx.config().aclEnabled() ? "1" : "0");
    tags.put("bootstrap", "1");
    tags.put("build", AgentApi.CONSUL_API_VERSION + ":" + AgentApi.versionMetadata());
    tags.put("dc", dc);
    tags.put("id", node.id());
    tags.put("port", "8300");
    tags.put("raft_vsn", "3");
    tags.put("role", "consul");
    tags.put("segment", "");
    tags.put("vsn", "2");
    tags.put("vsn_max", "3");
    tags.put("vsn_min", "2");
    tags.put("wan_join_port", String.valueOf(SERF_WAN_PORT));
    m.put("Tags", tags);
    m.put("Status", 1);
    m.put("ProtocolMin", 1);
    m.put("ProtocolMax", 5);
    m.put("ProtocolCur", 2);
    m.put("DelegateMin", 2);
    m.put("DelegateMax", 5);
    m.put("DelegateCur", 4);
    return m;
  }

  /**
   * Consul API: {@code Stats} of {@code /v1/agent/self}; every value a string, as Consul sends.
   *
   * @param ctx shared components
   * @param s the current state
   * @return sections {@code agent}, {@code build}, {@code consul}, {@code raft}, {@code runtime},
   *     {@code serf_lan}, {@code serf_wan}
   */
  static Map<String, Object> stats(ServerContext ctx, StateSnapshot s) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put(
        "agent",
        Map.of(
            "check_monitors", "0",
            "check_ttls",
                String.valueOf(s.checks().values().stream().filter(c -> c.ttl() != null).count()),
            "checks", String.valueOf(s.checks().size()),
            "services", String.valueOf(s.services().size())));
    out.put(
        "build",
        Map.of(
            "prerelease",
            "",
            "revision",
            "nativemesh",
            "version",
            AgentApi.CONSUL_API_VERSION,
            "version_metadata",
            AgentApi.versionMetadata()));
    Map<String, String> consul = new LinkedHashMap<>();
    consul.put("acl", ctx.config().aclEnabled() ? "enabled" : "disabled");
    consul.put("bootstrap", "true");
    consul.put("known_datacenters", "1");
    consul.put("leader", "true");
    consul.put("leader_addr", ctx.advertiseAddress() + ":8300");
    consul.put("server", "true");
    out.put("consul", consul);
    Map<String, String> raft = new LinkedHashMap<>();
    raft.put("applied_index", String.valueOf(s.index()));
    raft.put("commit_index", String.valueOf(s.index()));
    raft.put("last_log_index", String.valueOf(s.index()));
    raft.put("num_peers", "0");
    raft.put("protocol_version", "3");
    raft.put("protocol_version_max", "3");
    raft.put("protocol_version_min", "0");
    raft.put("state", "Leader");
    raft.put("term", "1");
    out.put("raft", raft);
    Runtime rt = Runtime.getRuntime();
    Map<String, String> runtime = new LinkedHashMap<>();
    runtime.put("arch", System.getProperty("os.arch"));
    runtime.put("cpu_count", String.valueOf(rt.availableProcessors()));
    runtime.put("goroutines", String.valueOf(Thread.activeCount()));
    runtime.put("max_procs", String.valueOf(rt.availableProcessors()));
    runtime.put("os", System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT));
    runtime.put("version", "java" + System.getProperty("java.version"));
    out.put("runtime", runtime);
    out.put("serf_lan", serf());
    out.put("serf_wan", serf());
    return out;
  }

  private static Map<String, String> serf() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("encrypted", "false");
    m.put("failed", "0");
    m.put("left", "0");
    m.put("members", "1");
    m.put("health_score", "0");
    return m;
  }

  /**
   * Consul API: the network coordinate of a lone node (origin, Vivaldi's initial error).
   *
   * @return {@code {Vec:[0 x8], Error:1.5, Adjustment:0, Height:1e-5}}
   */
  static Map<String, Object> coordinate() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("Vec", List.of(0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0));
    c.put("Error", 1.5);
    c.put("Adjustment", 0.0);
    c.put("Height", 1.0e-5);
    return c;
  }

  /**
   * Consul API: {@code DebugConfig}, the agent's runtime configuration with secrets redacted; the
   * keys this server has a value for.
   *
   * @param ctx shared components
   * @param node the agent's node
   * @return the map
   */
  static Map<String, Object> debugConfig(ServerContext ctx, Node node) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("ACLsEnabled", ctx.config().aclEnabled());
    m.put("AdvertiseAddrLAN", ctx.advertiseAddress());
    m.put("AdvertiseAddrWAN", ctx.advertiseAddress());
    m.put("BindAddr", ctx.config().bindAddress());
    m.put("Bootstrap", true);
    m.put("BootstrapExpect", 0);
    m.put("ClientAddrs", List.of(ctx.config().bindAddress()));
    m.put("ConnectEnabled", true);
    m.put("DataDir", ctx.config().dataDir() == null ? "" : ctx.config().dataDir().toString());
    m.put("Datacenter", ctx.config().datacenter());
    m.put("DevMode", ctx.config().dev());
    m.put("HTTPPort", ctx.config().httpPort());
    m.put("NodeID", node.id());
    m.put("NodeName", node.node());
    m.put("PrimaryDatacenter", ctx.config().datacenter());
    m.put("ServerMode", true);
    m.put("ServerPort", 8300);
    m.put("SerfPortLAN", SERF_LAN_PORT);
    m.put("SerfPortWAN", SERF_WAN_PORT);
    m.put("Version", AgentApi.CONSUL_API_VERSION);
    m.put("VersionMetadata", AgentApi.versionMetadata());
    m.put("Revision", "nativemesh");
    m.put("BuildDate", NativeMeshVersion.current().buildTimestamp().toString());
    return m;
  }
}
