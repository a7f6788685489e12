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

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nativemesh.core.model.Intention;
import io.nativemesh.server.internal.acl.Access;
import io.nativemesh.server.internal.acl.Acl;
import io.nativemesh.server.internal.http.ApiRequest;
import io.nativemesh.server.internal.http.ApiResponse;
import io.nativemesh.server.internal.http.BlockingQuery;
import io.nativemesh.server.internal.http.HttpError;
import io.nativemesh.server.internal.state.Command;
import io.nativemesh.server.internal.state.ConfigEntry;
import io.nativemesh.server.internal.state.StateSnapshot;
import io.nativemesh.server.internal.state.Table;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Config entries of every kind but {@code service-intentions} (Consul API: {@code /v1/config}):
 * stored as the client wrote them and served back with {@code Kind}, {@code Name}, {@code
 * CreateIndex} and {@code ModifyIndex}. Validation: {@code proxy-defaults} must be named {@code
 * global} and {@code mesh} {@code mesh} (Consul's rule); {@code Protocol} (service-defaults) and
 * {@code Config.protocol} (proxy-defaults) must be {@code tcp}, {@code http}, {@code http2} or
 * {@code grpc}, and a protocol change that would leave L7 intentions on a TCP service is refused
 * ({@link ServiceProtocol}). ACLs: {@code service-defaults}, {@code service-resolver}, {@code
 * service-router} and {@code service-splitter} need {@code service:read}/{@code service:write} on
 * the name; the other kinds {@code mesh:read}/{@code mesh:write} (which falls back to {@code
 * operator}); {@code proxy-defaults} reads are open, as in Consul. Blocking reads use one table
 * index for all these kinds. Thread-safe.
 */
final class ConfigEntryKinds {
  private static final List<Table> TABLES = List.of(Table.CONFIG_ENTRIES);
  private static final Set<String> SERVICE_KINDS =
      Set.of("service-defaults", "service-resolver", "service-router", "service-splitter");
  private static final Set<String> RESERVED =
      Set.of("kind", "name", "createindex", "modifyindex", "namespace", "partition", "hash");
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final ServerContext ctx;

  ConfigEntryKinds(ServerContext ctx) {
    this.ctx = ctx;
  }

  private void requireAccess(ApiRequest r, String kind, String name, Access need) {
    if (SERVICE_KINDS.contains(kind)) {
      ctx.acl().require(r, "service", name, need);
    } else if (!(kind.equals("proxy-defaults") && need == Access.READ)) {
      ctx.acl().require(r, "mesh", null, need);
    }
  }

  private boolean mayRead(Acl.Identity who, ConfigEntry e) {
    if (SERVICE_KINDS.contains(e.kind())) {
      return ctx.acl().allows(who, "service", e.name(), Access.READ);
    }
    return e.kind().equals("proxy-defaults") || ctx.acl().allows(who, "mesh", null, Access.READ);
  }

  CompletableFuture<ApiResponse> get(ApiRequest r, String kind, String name) {
    if (name == null) {
      Acl.Identity who = ctx.acl().resolve(r);
      return BlockingQuery.run(
          r,
          () -> ctx.store().watch(TABLES),
          () -> {
            StateSnapshot s = ctx.store().snapshot();
            List<Map<String, Object>> out = new ArrayList<>();
            for (ConfigEntry e : s.configEntries().values()) {
              if (e.kind().equals(kind) && mayRead(who, e)) {
                out.add(wire(e));
              }
            }
            return ApiResponse.json(out, Math.max(1, s.indexOf(Table.CONFIG_ENTRIES)));
          },
          ctx.random());
    }
    requireAccess(r, kind, name, Access.READ);
    return BlockingQuery.run(
        r,
        () -> ctx.store().watch(TABLES),
        () -> {
          StateSnapshot s = ctx.store().snapshot();
          long index = Math.max(1, s.indexOf(Table.CONFIG_ENTRIES));
          ConfigEntry e = s.configEntries().get(ConfigEntry.key(kind, name));
          if (e == null) {
            return ApiResponse.text(
                HttpResponseStatus.NOT_FOUND,
                "Config entry not found for \"" + kind + "\" / \"" + name + "\"",
                index);
          }
          return ApiResponse.json(wire(e), index);
        },
        ctx.random());
  }

  CompletableFuture<ApiResponse> put(ApiRequest r, String kind, JsonNode tree) {
    Map<String, Object> all = MAPPER.convertValue(tree, new TypeReference<>() {});
    Object n = ServiceProtocol.field(all, "Name");
    if (!(n instanceof String name) || name.isEmpty()) {
      throw HttpError.badRequest("Name is required");
    }
    IntentionValidator.namespace(str(ServiceProtocol.field(all, "Namespace")), "Namespace");
    IntentionValidator.namespace(str(ServiceProtocol.field(all, "Partition")), "Partition");
    if (kind.equals("proxy-defaults") && !name.equals("global")) {
      throw HttpError.badRequest(
          "invalid name (\"" + name + "\"), only \"global\" is supported for proxy-defaults");
    }
    if (kind.equals("mesh") && !name.equals("mesh")) {
      throw HttpError.badRequest(
          "invalid name (\"" + name + "\"), only \"mesh\" is supported for mesh");
    }
    requireAccess(r, kind, name, Access.WRITE);
    Map<String, Object> body = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : all.entrySet()) {
      if (!RESERVED.contains(e.getKey().toLowerCase(Locale.ROOT))) {
        body.put(e.getKey(), e.getValue());
      }
    }
    validateProtocol(kind, name, body);
    long cas = KvWire.uintParam(r, "cas");
    return ctx.store()
        .submit(new Command.SetConfigEntry(kind, name, body, cas >= 0 ? cas : null))
        .thenApply(a -> ApiResponse.json(a.result()));
  }

  private void validateProtocol(String kind, String name, Map<String, Object> body) {
    Object p;
    if (kind.equals("service-defaults")) {
      p = ServiceProtocol.field(body, "Protocol");
    } else if (kind.equals("proxy-defaults")) {
      Object config = ServiceProtocol.field(body, "Config");
      p = config instanceof Map<?, ?> m ? ServiceProtocol.field(m, "protocol") : null;
    } else {
      return;
    }
    if (p == null || "".equals(p)) {
      p = "tcp";
    }
    if (!(p instanceof String protocol)
        || !ServiceProtocol.KNOWN.contains(protocol.toLowerCase(Locale.ROOT))) {
      throw HttpError.badRequest(
          "Invalid protocol \"" + p + "\": must be one of tcp, http, http2, grpc");
    }
    if (protocol.equalsIgnoreCase("tcp")) {
      StateSnapshot s = ctx.store().snapshot();
      for (Intention i : s.allIntentions()) {
        boolean affected =
            kind.equals("service-defaults")
                ? i.destinationName().equals(name)
                : s.configEntries().get(ConfigEntry.key("service-defaults", i.destinationName()))
                    == null;
        if (affected && i.isL7()) {
          throw HttpError.badRequest(
              "Protocol \"tcp\" would leave the L7 intention "
                  + i.sourceName()
                  + " → "
                  + i.destinationName()
                  + " on a TCP service; L7 Permissions need http, http2 or grpc");
        }
      }
    }
  }

  private static String str(Object o) {
    return o instanceof String s ? s : o == null ? null : String.valueOf(o);
  }

  CompletableFuture<ApiResponse> delete(ApiRequest r, String kind, String name) {
    requireAccess(r, kind, name, Access.WRITE);
    if (kind.equals("service-defaults") || kind.equals("proxy-defaults")) {
      StateSnapshot s = ctx.store().snapshot();
      ConfigEntry e = s.configEntries().get(ConfigEntry.key(kind, name));
      if (e != null) {
        // deleting falls back to tcp unless something else still sets an HTTP protocol
        Map<String, Object> tcp = new LinkedHashMap<>(e.body());
        tcp.keySet().removeIf(k -> k.equalsIgnoreCase("Protocol") || k.equalsIgnoreCase("Config"));
        validateProtocol(kind, name, tcp);
      }
    }
    long cas = KvWire.uintParam(r, "cas");
    return ctx.store()
        .submit(new Command.DeleteConfigEntry(kind, name, cas >= 0 ? cas : null))
        .thenApply(a -> cas >= 0 ? ApiResponse.json(a.result()) : ApiResponse.json(Map.of()));
  }

  private static Map<String, Object> wire(ConfigEntry e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Kind", e.kind());
    m.put("Name", e.name());
    m.putAll(e.body());
    m.put("CreateIndex", e.createIndex());
    m.put("ModifyIndex", e.modifyIndex());
    return m;
  }
}
