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
package io.nativemesh.server.internal.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.nativemesh.core.model.AgentService;
import io.nativemesh.core.model.CheckDefinition;
import io.nativemesh.core.model.ConnectSettings;
import io.nativemesh.core.model.ProxyConfig;
import io.nativemesh.core.model.Weights;
import io.nativemesh.server.internal.http.ConsulJson;
import io.nativemesh.server.internal.http.HttpError;
import io.nativemesh.server.internal.state.Command;
import io.nativemesh.server.internal.state.StateSnapshot;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Connect proxies in agent registrations (Consul: {@code agent/sidecar_service.go}): a
 * registration's {@code Connect.SidecarService} becomes a second instance {@code
 * <id>-sidecar-proxy} named {@code <name>-sidecar-proxy}, {@code Kind} {@code connect-proxy}, with
 * {@code Proxy.DestinationServiceName}/{@code DestinationServiceID} naming the parent, {@code
 * LocalServiceAddress} {@code 127.0.0.1}, {@code LocalServicePort} the parent's port, the sidecar's
 * {@code Proxy.Upstreams}, its tags and meta (else the parent's), and its {@code Port}, else the
 * first port of Consul's sidecar range 21000–21255 no other proxy on this agent uses. A
 * registration with {@code Kind: connect-proxy} itself (an Envoy registered on its own) needs
 * {@code Proxy.DestinationServiceName}. Field names match ignoring case. The sidecar's checks are
 * its {@code Check}/{@code Checks}, else Consul's defaults ({@code sidecarDefaultChecks}): a TCP
 * check {@code Connect Sidecar Listening} on the sidecar's {@code Address} (else its {@code
 * LocalServiceAddress}) and port every 10 s, and an alias check {@code Connect Sidecar Aliasing
 * <parent id>} of the parent; unnamed check IDs follow the agent's rule ({@code service:<sidecar
 * id>:<n>}). Stateless and thread-safe.
 */
public final class SidecarRegistration {
  /** Consul's {@code sidecar_min_port}. */
  public static final int MIN_PORT = 21000;

  /** Consul's {@code sidecar_max_port}. */
  public static final int MAX_PORT = 21255;

  /** Consul's kind of sidecar proxies. */
  public static final String KIND = "connect-proxy";

  /** Suffix of a sidecar's ID and name. */
  public static final String SUFFIX = "-sidecar-proxy";

  private SidecarRegistration() {}

  /** Case-insensitive field lookup (Go's encoding/json). */
  static JsonNode field(JsonNode n, String name) {
    if (n != null && n.isObject()) {
      for (var it = n.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (e.getKey().equalsIgnoreCase(name)) {
          return e.getValue();
        }
      }
    }
    return MissingNode.getInstance();
  }

  private static String text(JsonNode n, String name) {
    JsonNode v = field(n, name);
    return v.isTextual() ? v.asText() : null;
  }

  /**
   * @param body a registration body
   * @return its {@code Connect.SidecarService}, or null when absent
   */
  public static JsonNode sidecarOf(JsonNode body) {
    JsonNode s = field(field(body, "Connect"), "SidecarService");
    return s.isObject() ? s : null;
  }

  /**
   * @param body a registration body
   * @return true when it registers a {@code connect-proxy} itself
   */
  public static boolean isProxy(JsonNode body) {
    return KIND.equals(text(body, "Kind"));
  }

  private static ProxyConfig proxy(JsonNode n) {
    if (n == null || n.isMissingNode() || n.isNull()) {
      return null;
    }
    try {
      return ConsulJson.mapper().treeToValue(n, ProxyConfig.class);
    } catch (JsonProcessingException e) {
      throw HttpError.badRequest("Request decode failed: Proxy: " + e.getOriginalMessage());
    }
  }

  private static List<String> strings(JsonNode n) {
    List<String> out = new ArrayList<>();
    if (n.isArray()) {
      n.forEach(t -> out.add(t.asText()));
    }
    return out;
  }

  private static Map<String, String> meta(JsonNode n) {
    Map<String, String> out = new LinkedHashMap<>();
    if (n.isObject()) {
      n.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    }
    return out;
  }

  /**
   * The sidecar instance of a registered parent.
   *
   * @param parent the parent as it will be stored
   * @param sidecar the {@code SidecarService} object
   * @param state the current state (ports in use)
   * @param nodeName the agent's node (owner of the checks)
   * @param dev dev mode (as for {@link RegistrationMapper#toCheck})
   * @param scripts script checks are enabled
   * @return the command registering the sidecar with its checks
   * @throws HttpError 400 for an invalid port or check, or when the sidecar range is exhausted
   */
  public static Command.RegisterService sidecar(
      AgentService parent,
      JsonNode sidecar,
      StateSnapshot state,
      String nodeName,
      boolean dev,
      boolean scripts) {
    String id = text(sidecar, "ID");
    id = id == null || id.isEmpty() ? parent.id() + SUFFIX : id;
    String name = text(sidecar, "Name");
    name = name == null || name.isEmpty() ? parent.service() + SUFFIX : name;
    int port = field(sidecar, "Port").asInt(0);
    if (port < 0 || port > 65535) {
      throw HttpError.badRequest("Invalid sidecar Port " + port + ": must be 0..65535");
    }
    if (port == 0) {
      port = freePort(state, id);
    }
    ProxyConfig given = proxy(field(sidecar, "Proxy"));
    List<String> tags = strings(field(sidecar, "Tags"));
    Map<String, String> meta = meta(field(sidecar, "Meta"));
    String address = text(sidecar, "Address");
    ProxyConfig p =
        new ProxyConfig(
            parent.service(),
            parent.id(),
            given != null && given.localServiceAddress() != null
                ? given.localServiceAddress()
                : "127.0.0.1",
            given != null && given.localServicePort() != null
                ? given.localServicePort()
                : parent.port(),
            given == null ? List.of() : given.upstreams(),
            given == null ? null : given.config());
    AgentService s =
        new AgentService(
            KIND,
            id,
            name,
            tags.isEmpty() ? parent.tags() : tags,
            address == null ? parent.address() : address,
            meta.isEmpty() ? parent.meta() : meta,
            port,
            Weights.DEFAULT,
            false,
            new ConnectSettings(false),
            parent.datacenter(),
            null,
            0,
            0,
            p);
    List<CheckDefinition> defs = checksOf(sidecar);
    if (defs.isEmpty()) {
      String checkAddress =
          address == null || address.isEmpty() ? p.localServiceAddress() : address;
      defs =
          List.of(
              CheckDefinition.builder()
                  .name("Connect Sidecar Listening")
                  .tcp(hostPort(checkAddress, port))
                  .interval("10s")
                  .build(),
              CheckDefinition.builder()
                  .name("Connect Sidecar Aliasing " + parent.id())
                  .aliasService(parent.id())
                  .build());
    }
    return new Command.RegisterService(
        s, RegistrationMapper.toChecks(defs, s, nodeName, dev, scripts));
  }

  /** Go's {@code net.JoinHostPort}: an IPv6 address in brackets. */
  private static String hostPort(String host, int port) {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  /** The sidecar's own {@code Check} and {@code Checks}. */
  private static List<CheckDefinition> checksOf(JsonNode sidecar) {
    List<CheckDefinition> out = new ArrayList<>();
    try {
      JsonNode one = field(sidecar, "Check");
      if (one.isObject()) {
        out.add(ConsulJson.mapper().treeToValue(one, CheckDefinition.class));
      }
      JsonNode many = field(sidecar, "Checks");
      if (many.isArray()) {
        for (JsonNode c : many) {
          out.add(ConsulJson.mapper().treeToValue(c, CheckDefinition.class));
        }
      }
    } catch (JsonProcessingException e) {
      throw HttpError.badRequest(
          "Request decode failed: SidecarService.Checks: " + e.getOriginalMessage());
    }
    return out;
  }

  private static int freePort(StateSnapshot state, String id) {
    Set<Integer> used = new HashSet<>();
    for (AgentService s : state.services().values()) {
      if (KIND.equals(s.kind()) && !s.id().equals(id)) {
        used.add(s.port());
      }
    }
    AgentService existing = state.services().get(id);
    if (existing != null && KIND.equals(existing.kind())) {
      return existing.port(); // re-registration keeps the port
    }
    for (int p = MIN_PORT; p <= MAX_PORT; p++) {
      if (!used.contains(p)) {
        return p;
      }
    }
    throw HttpError.badRequest(
        "No sidecar port available in " + MIN_PORT + "-" + MAX_PORT + ": set SidecarService.Port");
  }

  /**
   * Adds the {@code Proxy} block to a {@code connect-proxy} registration.
   *
   * @param cmd the registration mapped as a typical service
   * @param body its body
   * @return the command with kind and proxy
   * @throws HttpError 400 when {@code Proxy.DestinationServiceName} is missing
   */
  public static Command.RegisterService asProxy(Command.RegisterService cmd, JsonNode body) {
    ProxyConfig p = proxy(field(body, "Proxy"));
    if (p == null || p.destinationServiceName() == null || p.destinationServiceName().isEmpty()) {
      throw HttpError.badRequest(
          "Proxy.DestinationServiceName must be non-empty for Connect proxy services");
    }
    if (cmd.service().port() == 0) {
      throw HttpError.badRequest("Port must be non-zero for a Connect proxy service");
    }
    AgentService s = cmd.service();
    return new Command.RegisterService(
        new AgentService(
            KIND,
            s.id(),
            s.service(),
            s.tags(),
            s.address(),
            s.meta(),
            s.port(),
            s.weights(),
            s.enableTagOverride(),
            s.connect(),
            s.datacenter(),
            s.contentHash(),
            0,
            0,
            p),
        cmd.checks());
  }

  /**
   * @param state the current state
   * @param parentId an instance ID
   * @return the IDs of the sidecars registered for it (Proxy.DestinationServiceID)
   */
  public static List<String> sidecarsOf(StateSnapshot state, String parentId) {
    List<String> out = new ArrayList<>();
    for (AgentService s : state.services().values()) {
      if (KIND.equals(s.kind())
          && s.proxy() != null
          && parentId.equals(s.proxy().destinationServiceId())) {
        out.add(s.id());
      }
    }
    return out;
  }
}
