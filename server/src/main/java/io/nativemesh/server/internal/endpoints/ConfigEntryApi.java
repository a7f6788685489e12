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
import io.nativemesh.server.internal.acl.Acl;
import io.nativemesh.server.internal.ca.RootGenerator;
import io.nativemesh.server.internal.http.ApiRequest;
import io.nativemesh.server.internal.http.ApiResponse;
import io.nativemesh.server.internal.http.BlockingQuery;
import io.nativemesh.server.internal.http.HttpError;
import io.nativemesh.server.internal.http.Json;
import io.nativemesh.server.internal.http.Router;
import io.nativemesh.server.internal.state.Command;
import io.nativemesh.server.internal.state.IntentionEntry;
import io.nativemesh.server.internal.state.StateSnapshot;
import io.nativemesh.server.internal.state.Table;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The config entry endpoints (Consul API: {@code /v1/config}, {@code config.mdx}, {@code
 * agent/config_endpoint.go}) for every kind; {@code service-intentions} is:
 *
 * <ul>
 *   <li>{@code PUT /v1/config[?cas=N]}: writes the entry (body: see {@link IntentionEntryWire});
 *       the destination's intentions become exactly its sources. {@code cas=0} writes only if the
 *       entry does not exist, {@code cas=N} only if its {@code ModifyIndex} is N. → {@code
 *       true}/{@code false}.
 *   <li>{@code GET /v1/config/service-intentions/:name} → the entry; 404 {@code Config entry not
 *       found for "service-intentions" / "<name>"}. Blocking.
 *   <li>{@code GET /v1/config/service-intentions} → every entry by name (those the token may read).
 *       Blocking.
 *   <li>{@code DELETE /v1/config/service-intentions/:name[?cas=N]}: deletes the entry and all its
 *       intentions → {@code {}}, or with {@code cas} {@code true}/{@code false} (Consul keeps the
 *       plain form for older callers).
 * </ul>
 *
 * Entries and legacy intentions are one store ({@code /v1/connect/intentions/*} see and change the
 * same data, as in Consul ≥ 1.9). Every other kind Consul knows ({@code service-defaults}, {@code
 * proxy-defaults}, {@code service-resolver}, gateways, …) is served by {@link ConfigEntryKinds};
 * unknown kinds are a 400 {@code invalid config entry kind}. ACLs: {@code intentions:read}/{@code
 * intentions:write} on the entry name. Blocking reads use the intentions table index. Thread-safe.
 */
public final class ConfigEntryApi {
  private static final List<Table> TABLES = List.of(Table.INTENTIONS);

  /**
   * Consul's config entry kinds ({@code agent/structs/config_entry.go}); only service-intentions is
   * served.
   */
  private static final Set<String> CONSUL_KINDS =
      Set.of(
          "service-defaults",
          "proxy-defaults",
          "service-router",
          "service-splitter",
          "service-resolver",
          "ingress-gateway",
          "terminating-gateway",
          IntentionEntryWire.KIND,
          "mesh",
          "exported-services",
          "sameness-group",
          "api-gateway",
          "bound-api-gateway",
          "http-route",
          "tcp-route",
          "inline-certificate",
          "file-system-certificate",
          "jwt-provider",
          "control-plane-request-limit");

  private final ServerContext ctx;
  private final ConfigEntryKinds kinds;

  /**
   * @param ctx shared components
   */
  public ConfigEntryApi(ServerContext ctx) {
    this.ctx = ctx;
    this.kinds = new ConfigEntryKinds(ctx);
  }

  /**
   * @param router the router to add the routes to
   */
  public void register(Router router) {
    router.addAsync(HttpMethod.PUT, "/v1/config", this::put);
    router.addAsync(HttpMethod.GET, "/v1/config/:kind", this::get);
    router.addAsync(HttpMethod.DELETE, "/v1/config/:kind", this::delete);
  }

  /** A parsed {@code :kind[/:name]} path; name null when absent. */
  private record Target(String kind, String name) {}

  private static Target target(ApiRequest r) {
    String[] parts = r.pathParam().split("/", -1);
    if (parts.length > 2) {
      throw HttpError.badRequest(
          "Must provide either a kind or both kind and name (got '" + r.pathParam() + "')");
    }
    requireSupported(parts[0]);
    String name = null;
    if (parts.length == 2) {
      name =
          parts[0].equals(IntentionEntryWire.KIND)
              ? IntentionEntryWire.name(parts[1], "Config entry name")
              : parts[1];
    }
    return new Target(parts[0], name);
  }

  private static void requireSupported(String kind) {
    if (kind == null || kind.isEmpty()) {
      throw HttpError.badRequest("Kind is required");
    }
    if (!CONSUL_KINDS.contains(kind)) {
      throw HttpError.badRequest("invalid config entry kind: " + kind);
    }
  }

  private CompletableFuture<ApiResponse> get(ApiRequest r) {
    Target t = target(r);
    if (!t.kind().equals(IntentionEntryWire.KIND)) {
      return kinds.get(r, t.kind(), t.name());
    }
    if (t.name() == null) {
      return list(r);
    }
    ctx.acl().requireIntentionRead(r, t.name());
    return BlockingQuery.run(
        r,
        () -> ctx.store().watch(TABLES),
        () -> {
          StateSnapshot s = ctx.store().snapshot();
          IntentionEntry e = s.intentionEntries().get(t.name());
          if (e == null) {
            return ApiResponse.text(
                HttpResponseStatus.NOT_FOUND,
                "Config entry not found for \"" + t.kind() + "\" / \"" + t.name() + "\"",
                s.indexOf(Table.INTENTIONS));
          }
          return ApiResponse.json(
              IntentionEntryWire.entry(e, s.intentionsWithDestination(t.name())),
              s.indexOf(Table.INTENTIONS));
        },
        ctx.random());
  }

  private CompletableFuture<ApiResponse> list(ApiRequest r) {
    ctx.acl().resolve(r);
    return BlockingQuery.run(
        r,
        () -> ctx.store().watch(TABLES),
        () -> {
          // re-resolved on every run: a parked query sees policy changes (issue 18)
          Acl.Identity who = ctx.acl().resolveSecret(Acl.token(r));
          StateSnapshot s = ctx.store().snapshot();
          List<Map<String, Object>> out = new ArrayList<>();
          for (IntentionEntry e : s.intentionEntries().values()) {
            if (ctx.acl().canReadIntentions(who, e.name())) {
              out.add(IntentionEntryWire.entry(e, s.intentionsWithDestination(e.name())));
            }
          }
          return ApiResponse.json(out, s.indexOf(Table.INTENTIONS));
        },
        ctx.random());
  }

  private CompletableFuture<ApiResponse> put(ApiRequest r) {
    JsonNode tree = Json.read(r.body(), JsonNode.class);
    if (tree == null || !tree.isObject()) {
      throw HttpError.badRequest(
          "Request decode failed: expected a JSON object with Kind and Name");
    }
    String kind = kind(tree);
    requireSupported(kind);
    if (!kind.equals(IntentionEntryWire.KIND)) {
      return kinds.put(r, kind, tree);
    }
    IntentionEntryWire.Input in = Json.readStrict(r.body(), IntentionEntryWire.Input.class);
    ctx.acl().requireRule(r, "intentions:write", in.name());
    long cas = KvWire.uintParam(r, "cas");
    Command.SetIntentionEntry c =
        IntentionEntryWire.command(
            in,
            ctx.store().snapshot(),
            () -> RootGenerator.randomUuid(ctx.random()),
            cas >= 0 ? cas : null,
            ctx.config().clock().instant());
    return IntentionIdApi.submitIntentionWrite(ctx, c).thenApply(a -> ApiResponse.json(a.result()));
  }

  /** Go's encoding/json matches field names case-insensitively. */
  private static String kind(JsonNode tree) {
    for (Iterator<Map.Entry<String, JsonNode>> it = tree.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      if (f.getKey().equalsIgnoreCase("Kind")) {
        if (!f.getValue().isTextual()) {
          throw HttpError.badRequest("Request decode failed: Kind must be a string");
        }
        return f.getValue().asText();
      }
    }
    return null;
  }

  private CompletableFuture<ApiResponse> delete(ApiRequest r) {
    Target t = target(r);
    if (t.name() == null) {
      throw HttpError.badRequest("Must provide both a kind and name to delete a config entry");
    }
    if (!t.kind().equals(IntentionEntryWire.KIND)) {
      return kinds.delete(r, t.kind(), t.name());
    }
    ctx.acl().requireRule(r, "intentions:write", t.name());
    long cas = KvWire.uintParam(r, "cas");
    return ctx.store()
        .submit(new Command.DeleteIntentionEntry(t.name(), cas >= 0 ? cas : null))
        .thenApply(a -> cas >= 0 ? ApiResponse.json(a.result()) : ApiResponse.json(Map.of()));
  }
}
