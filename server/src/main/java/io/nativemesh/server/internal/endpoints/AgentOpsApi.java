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

import io.nativemesh.server.ServerConfig;
import io.nativemesh.server.internal.http.ApiRequest;
import io.nativemesh.server.internal.http.ApiResponse;
import io.nativemesh.server.internal.http.HttpError;
import io.nativemesh.server.internal.http.Router;
import io.netty.handler.codec.http.HttpMethod;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Agent operations a single-node server answers as Consul does where it can (Consul API:
 * /v1/agent): {@code join} (its own address succeeds; any other is refused: this server has no
 * gossip pool to join), {@code force-leave} (no other member exists), {@code host}, {@code reload}
 * (re-reads and validates the configuration files; see {@link #AgentOpsApi}), {@code metrics} (see
 * {@link AgentMetrics}) and {@code GET /}. Thread-safe.
 */
public final class AgentOpsApi {
  private static final Logger LOG = LoggerFactory.getLogger(AgentOpsApi.class);

  private final ServerContext ctx;
  private final Supplier<ServerConfig> reloadSource;
  private final AgentMetrics metrics;

  /**
   * @param ctx shared components
   * @param reloadSource re-reads the configuration (command line and files) the server was started
   *     with, throwing a {@link RuntimeException} naming the problem when it is invalid; null when
   *     the server was configured in code (reload then re-reads nothing and succeeds)
   * @param metrics the server's meters
   */
  public AgentOpsApi(ServerContext ctx, Supplier<ServerConfig> reloadSource, AgentMetrics metrics) {
    this.ctx = ctx;
    this.reloadSource = reloadSource;
    this.metrics = Objects.requireNonNull(metrics, "metrics");
  }

  /**
   * @param router the router to add the routes to
   */
  public void register(Router router) {
    router.add(HttpMethod.PUT, "/v1/agent/join/:address", this::join);
    router.add(HttpMethod.PUT, "/v1/agent/force-leave/:node", this::forceLeave);
    router.add(HttpMethod.GET, "/v1/agent/host", this::host);
    router.add(HttpMethod.PUT, "/v1/agent/reload", this::reload);
    router.add(HttpMethod.GET, "/v1/agent/metrics", this::metrics);
    router.add(
        HttpMethod.GET,
        "/",
        r ->
            ApiResponse.text(
                io.netty.handler.codec.http.HttpResponseStatus.OK,
                "NativeMesh server: Consul HTTP API "
                    + AgentApi.CONSUL_API_VERSION
                    + " at /v1/ (no web UI)"));
  }

  /** The addresses that name this agent: its advertise and bind addresses, bare or with 8301. */
  private boolean isSelf(String address) {
    String host = address;
    int colon = address.lastIndexOf(':');
    if (colon > 0 && address.indexOf(':') == colon) {
      String port = address.substring(colon + 1);
      if (!port.equals(String.valueOf(AgentSelf.SERF_LAN_PORT))
          && !port.equals(String.valueOf(AgentSelf.SERF_WAN_PORT))) {
        return false;
      }
      host = address.substring(0, colon);
    }
    return host.equals(ctx.advertiseAddress())
        || host.equals(ctx.config().bindAddress())
        || host.equals(ctx.config().nodeName());
  }

  private ApiResponse join(ApiRequest r) {
    ctx.acl().requireRule(r, "agent:write", ctx.config().nodeName());
    String address = r.pathParam();
    if (isSelf(address)) {
      return ApiResponse.empty();
    }
    throw HttpError.badRequest(
        "cannot join "
            + address
            + ": this server is a single-node Consul agent with no gossip pool to join"
            + (r.flag("wan") ? " (WAN federation is not supported)" : ""));
  }

  private ApiResponse forceLeave(ApiRequest r) {
    ctx.acl().requireRule(r, "operator:write", null);
    String node = r.pathParam();
    if (node.equals(ctx.config().nodeName())) {
      throw HttpError.badRequest(
          "cannot force-leave " + node + ": it is this agent, the only member");
    }
    throw HttpError.notFound(
        "agent: No node found with name '" + node + "' (this server is a single node)");
  }

  private ApiResponse host(ApiRequest r) {
    ctx.acl().requireRule(r, "operator:read", null);
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    Runtime rt = Runtime.getRuntime();
    Map<String, Object> memory = new LinkedHashMap<>();
    memory.put("total", rt.maxMemory());
    memory.put("available", rt.maxMemory() - rt.totalMemory() + rt.freeMemory());
    memory.put("used", rt.totalMemory() - rt.freeMemory());
    memory.put("free", rt.freeMemory());
    List<Map<String, Object>> cpu = new ArrayList<>();
    for (int i = 0; i < os.getAvailableProcessors(); i++) {
      cpu.add(Map.of("cpu", i, "modelName", os.getArch()));
    }
    Map<String, Object> host = new LinkedHashMap<>();
    try {
      host.put("hostname", InetAddress.getLocalHost().getHostName());
    } catch (UnknownHostException e) {
      host.put("hostname", ctx.config().nodeName());
    }
    long uptimeMillis = ManagementFactory.getRuntimeMXBean().getUptime();
    host.put("uptime", uptimeMillis / 1000);
    host.put("os", System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT));
    host.put("platform", System.getProperty("os.name"));
    host.put("kernelVersion", System.getProperty("os.version"));
    host.put("kernelArch", System.getProperty("os.arch"));
    Map<String, Object> disk = new LinkedHashMap<>();
    Path dir = ctx.config().dataDir() == null ? Path.of(".") : ctx.config().dataDir();
    try {
      FileStore fs = Files.getFileStore(dir);
      disk.put("path", dir.toString());
      disk.put("total", fs.getTotalSpace());
      disk.put("free", fs.getUsableSpace());
      disk.put("used", fs.getTotalSpace() - fs.getUnallocatedSpace());
    } catch (IOException e) {
      disk.put("path", dir.toString());
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("Memory", memory);
    body.put("CPU", cpu);
    body.put("Host", host);
    body.put("Disk", disk);
    body.put("CollectionTime", System.currentTimeMillis() * 1_000_000L);
    body.put("Errors", Map.of());
    return ApiResponse.json(body);
  }

  private ApiResponse reload(ApiRequest r) {
    ctx.acl().requireRule(r, "agent:write", ctx.config().nodeName());
    if (reloadSource == null) {
      return ApiResponse.empty();
    }
    ServerConfig next;
    try {
      next = reloadSource.get();
    } catch (RuntimeException e) {
      throw HttpError.badRequest("Failed reloading config: " + e.getMessage());
    }
    // every setting this server has is bound at startup (ports, data directory, CA, ACLs): a
    // valid change takes effect at the next start, as Consul's non-reloadable settings do
    if (next != null && !next.toString().equals(ctx.config().toString())) {
      LOG.warn(
          "configuration reloaded: it differs from the running one; the changes apply at the next"
              + " restart (running: {}; read: {})",
          ctx.config(),
          next);
    }
    return ApiResponse.empty();
  }

  private ApiResponse metrics(ApiRequest r) {
    ctx.acl().requireRule(r, "agent:read", ctx.config().nodeName());
    if ("prometheus".equals(r.query("format"))) {
      return ApiResponse.raw(
          metrics.prometheus().getBytes(java.nio.charset.StandardCharsets.UTF_8),
          "text/plain; version=0.0.4; charset=utf-8",
          null);
    }
    return ApiResponse.json(metrics.json(ctx.config().clock().instant()));
  }
}
