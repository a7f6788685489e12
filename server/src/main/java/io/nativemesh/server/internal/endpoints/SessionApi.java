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

import com.fasterxml.jackson.databind.JsonNode;
import io.nativemesh.core.GoDuration;
import io.nativemesh.core.model.HealthCheck;
import io.nativemesh.server.internal.ca.RootGenerator;
import io.nativemesh.server.internal.http.ApiRequest;
import io.nativemesh.server.internal.http.ApiResponse;
import io.nativemesh.server.internal.http.BlockingQuery;
import io.nativemesh.server.internal.http.HttpError;
import io.nativemesh.server.internal.http.Json;
import io.nativemesh.server.internal.http.JsonNames;
import io.nativemesh.server.internal.http.Router;
import io.nativemesh.server.internal.state.Command;
import io.nativemesh.server.internal.state.Session;
import io.nativemesh.server.internal.state.StateSnapshot;
import io.nativemesh.server.internal.state.StoredCheck;
import io.nativemesh.server.internal.state.Table;
import io.netty.handler.codec.http.HttpMethod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * Session endpoints (docs/consul-api.md, "Sessions"; Consul's {@code agent/session_endpoint.go}):
 * create (TTL, Behavior, LockDelay, Node, Checks/NodeChecks/ServiceChecks), destroy, renew, info,
 * node and list (blocking on the sessions table). Thread-safe.
 */
public final class SessionApi {
  /** Consul's maximum session TTL: 86400 s. */
  public static final Duration MAX_TTL = Duration.ofSeconds(86400);

  private static final Duration DEFAULT_LOCK_DELAY = Duration.ofSeconds(15);
  private static final Set<String> FIELDS =
      Set.of(
          "ID",
          "Name",
          "Node",
          "LockDelay",
          "Behavior",
          "TTL",
          "Checks",
          "NodeChecks",
          "ServiceChecks",
          "Namespace",
          "Partition");
  private static final List<Table> TABLES = List.of(Table.SESSIONS);
  private final ServerContext ctx;

  /**
   * @param ctx shared components
   */
  public SessionApi(ServerContext ctx) {
    this.ctx = ctx;
  }

  /**
   * @param router the router to add the routes to
   */
  public void register(Router router) {
    router.addBlocking(HttpMethod.PUT, "/v1/session/create", this::create);
    router.addBlocking(HttpMethod.PUT, "/v1/session/destroy/:uuid", this::destroy);
    router.add(HttpMethod.PUT, "/v1/session/renew/:uuid", this::renew);
    router.addAsync(
        HttpMethod.GET, "/v1/session/info/:uuid", r -> list(r, s -> s.id().equals(r.pathParam())));
    router.addAsync(
        HttpMethod.GET,
        "/v1/session/node/:node",
        r -> list(r, s -> s.node().equals(r.pathParam())));
    router.addAsync(HttpMethod.GET, "/v1/session/list", r -> list(r, s -> true));
  }

  private ApiResponse create(ApiRequest r) {
    ctx.acl().requireRule(r, "session:write", ctx.config().nodeName());
    JsonNode body =
        r.body().length == 0
            ? Json.read("{}".getBytes(), JsonNode.class)
            : Json.read(r.body(), JsonNode.class);
    if (body == null || !body.isObject()) {
      throw HttpError.badRequest("Request decode failed: expected a JSON object");
    }
    body = JsonNames.canonical(body, FIELDS);
    for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!FIELDS.contains(f)) {
        throw HttpError.badRequest("Request decode failed: unknown field \"" + f + "\"");
      }
    }
    StateSnapshot s = ctx.store().snapshot();
    String node = text(body, "Node", s.node().node());
    if (s.nodeView(node) == null) {
      throw HttpError.badRequest(
          "Missing node registration: node '" + node + "' is not registered");
    }
    String behavior = text(body, "Behavior", Session.RELEASE);
    if (behavior.isEmpty()) {
      behavior = Session.RELEASE;
    }
    if (!behavior.equals(Session.RELEASE) && !behavior.equals(Session.DELETE)) {
      throw HttpError.badRequest("Invalid Behavior setting '" + behavior + "'");
    }
    Duration ttl = null;
    String ttlText = text(body, "TTL", "");
    if (!ttlText.isEmpty()) {
      try {
        ttl = GoDuration.parse(ttlText);
      } catch (IllegalArgumentException e) {
        throw HttpError.badRequest("Request decode failed: invalid TTL '" + ttlText + "'");
      }
      if (ttl.isZero()) {
        ttl = null;
      } else if (ttl.compareTo(ctx.config().sessionTtlMin()) < 0 || ttl.compareTo(MAX_TTL) > 0) {
        throw HttpError.badRequest(
            "Invalid Session TTL '"
                + ttlText
                + "', must be between ["
                + GoDuration.format(ctx.config().sessionTtlMin())
                + "="
                + GoDuration.format(MAX_TTL)
                + "]");
      }
    }
    Duration lockDelay = lockDelay(body.get("LockDelay"));
    List<String> nodeChecks = strings(body, "NodeChecks");
    List<String> legacy = strings(body, "Checks");
    if (body.get("NodeChecks") == null && body.get("Checks") == null) {
      nodeChecks = List.of("serfHealth");
    }
    nodeChecks = new ArrayList<>(nodeChecks);
    nodeChecks.addAll(legacy);
    List<String> serviceChecks = new ArrayList<>();
    JsonNode sc = body.get("ServiceChecks");
    if (sc != null && !sc.isNull()) {
      if (!sc.isArray()) {
        throw HttpError.badRequest("Request decode failed: ServiceChecks must be an array");
      }
      for (JsonNode c : sc) {
        if (!c.isObject() || !c.path("ID").isTextual()) {
          throw HttpError.badRequest("Request decode failed: ServiceChecks entries need an ID");
        }
        serviceChecks.add(c.get("ID").asText());
      }
    }
    for (String id : concat(nodeChecks, serviceChecks)) {
      StoredCheck c = s.checks().get(id);
      if (c == null) {
        throw HttpError.badRequest("Missing check '" + id + "' registration");
      }
      if (HealthCheck.CRITICAL.equals(c.check().status())) {
        throw HttpError.badRequest("Check '" + id + "' is in critical state");
      }
    }
    String id = RootGenerator.randomUuid(ctx.random());
    Session created =
        ctx.store()
            .apply(
                new Command.CreateSession(
                    new Session(
                        id,
                        text(body, "Name", ""),
                        node,
                        lockDelay,
                        behavior,
                        ttl,
                        nodeChecks,
                        serviceChecks,
                        0,
                        0)))
            .result();
    if (created.ttl() != null) {
      ctx.sessionTimers().arm(id, created.ttl());
    }
    return ApiResponse.json(Map.of("ID", id));
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  /**
   * Consul: a string is a Go duration; a number below 1000 means seconds, otherwise nanoseconds.
   */
  private static Duration lockDelay(JsonNode v) {
    if (v == null || v.isNull()) {
      return DEFAULT_LOCK_DELAY;
    }
    Duration d;
    if (v.isTextual()) {
      try {
        d = GoDuration.parse(v.asText());
      } catch (IllegalArgumentException e) {
        throw HttpError.badRequest("Request decode failed: invalid LockDelay '" + v.asText() + "'");
      }
    } else if (v.isIntegralNumber() && v.canConvertToLong()) {
      d = v.asLong() < 1000 ? Duration.ofSeconds(v.asLong()) : Duration.ofNanos(v.asLong());
    } else {
      throw HttpError.badRequest("Request decode failed: LockDelay must be a duration");
    }
    if (d.isNegative() || d.compareTo(Duration.ofSeconds(60)) > 0) {
      throw HttpError.badRequest("Invalid LockDelay: must be between 0s and 60s");
    }
    return d;
  }

  /**
   * Go's encoding/json matches field names case-insensitively ({@code lockdelay} = {@code
   * LockDelay}).
   */
  private static String text(JsonNode n, String name, String dflt) {
    JsonNode v = n.get(name);
    if (v == null || v.isNull()) {
      return dflt;
    }
    if (!v.isTextual()) {
      throw HttpError.badRequest("Request decode failed: " + name + " must be a string");
    }
    return v.asText();
  }

  private static List<String> strings(JsonNode n, String name) {
    JsonNode v = n.get(name);
    if (v == null || v.isNull()) {
      return List.of();
    }
    if (!v.isArray()) {
      throw HttpError.badRequest("Request decode failed: " + name + " must be an array of strings");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode x : v) {
      if (!x.isTextual()) {
        throw HttpError.badRequest(
            "Request decode failed: " + name + " must be an array of strings");
      }
      out.add(x.asText());
    }
    return out;
  }

  private ApiResponse destroy(ApiRequest r) {
    ctx.acl().requireRule(r, "session:write", ctx.config().nodeName());
    String id = r.pathParam();
    ctx.store().apply(new Command.DestroySession(id, ctx.config().clock().instant()));
    ctx.sessionTimers().disarm(id);
    return ApiResponse.json(true);
  }

  private ApiResponse renew(ApiRequest r) {
    ctx.acl().requireRule(r, "session:write", ctx.config().nodeName());
    String id = r.pathParam();
    Session s = ctx.store().snapshot().sessions().get(id);
    if (s == null) {
      throw HttpError.notFound("Session id '" + id + "' not found");
    }
    if (s.ttl() != null) {
      ctx.sessionTimers().arm(id, s.ttl());
    }
    return ApiResponse.json(List.of(wire(s)));
  }

  private CompletableFuture<ApiResponse> list(ApiRequest r, Predicate<Session> filter) {
    ctx.acl().requireRule(r, "session:read", null);
    return BlockingQuery.run(
        r,
        () -> ctx.store().watch(TABLES),
        () -> {
          StateSnapshot s = ctx.store().snapshot();
          List<Map<String, Object>> out = new ArrayList<>();
          for (Session x : s.sessions().values()) {
            if (filter.test(x)) {
              out.add(wire(x));
            }
          }
          return ApiResponse.json(out, s.indexOf(Table.SESSIONS));
        },
        ctx.random());
  }

  /**
   * Consul: {@code structs.Session} JSON; {@code LockDelay} in integer nanoseconds, {@code TTL} a
   * Go duration string ({@code ""} without TTL).
   */
  static Map<String, Object> wire(Session s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("ID", s.id());
    m.put("Name", s.name());
    m.put("Node", s.node());
    m.put("LockDelay", s.lockDelay().toNanos());
    m.put("Behavior", s.behavior());
    m.put("TTL", s.ttl() == null ? "" : GoDuration.format(s.ttl()));
    m.put("NodeChecks", s.nodeChecks());
    List<Map<String, String>> sc = new ArrayList<>();
    s.serviceChecks().forEach(id -> sc.add(Map.of("ID", id, "Namespace", "")));
    m.put("ServiceChecks", sc.isEmpty() ? KvWire.NullValue.INSTANCE : sc);
    m.put("CreateIndex", s.createIndex());
    m.put("ModifyIndex", s.modifyIndex());
    return m;
  }
}
