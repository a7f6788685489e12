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

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nativemesh.server.internal.acl.Access;
import io.nativemesh.server.internal.acl.Acl;
import io.nativemesh.server.internal.ca.RootGenerator;
import io.nativemesh.server.internal.http.ApiRequest;
import io.nativemesh.server.internal.http.ApiResponse;
import io.nativemesh.server.internal.http.HttpError;
import io.nativemesh.server.internal.http.Json;
import io.nativemesh.server.internal.http.Router;
import io.nativemesh.server.internal.state.Command;
import io.nativemesh.server.internal.state.PreparedQuery;
import io.nativemesh.server.internal.state.StateSnapshot;
import io.nativemesh.server.internal.state.Table;
import io.netty.handler.codec.http.HttpMethod;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Prepared queries (Consul API: {@code /v1/query}, {@code query.mdx}):
 *
 * <ul>
 *   <li>{@code POST /v1/query} creates → {@code {"ID": …}}; {@code GET /v1/query} lists; {@code GET
 *       /v1/query/:id} → a one-element array; {@code PUT} updates and {@code DELETE} deletes it
 *       (empty 200).
 *   <li>{@code GET /v1/query/:id-or-name/execute[?near=][&limit=]} runs it ({@link
 *       PreparedQueryExecutor}); {@code GET /v1/query/:id-or-name/explain} shows the query that
 *       would run (templates rendered).
 * </ul>
 *
 * A query needs {@code Service.Service} (templates may leave it to interpolation); {@code Session}
 * must name a live session; names must be unique and not UUIDs; a template's {@code Regexp} must
 * compile. {@code Failover} is stored and echoed but this single-datacenter server has no other
 * datacenter to fail over to ({@code Failovers} is always 0). ACLs: writes need {@code query:write}
 * on the name (unnamed queries are open, as in Consul), reads list what the token may {@code
 * query:read}; executing filters by {@code service:read} of the query's {@code Token}, or of the
 * caller's when it has none. Thread-safe.
 */
public final class PreparedQueryApi {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().setSerializationInclusion(JsonInclude.Include.ALWAYS);
  private final ServerContext ctx;
  private final PreparedQueryExecutor executor;

  /**
   * @param ctx shared components
   */
  public PreparedQueryApi(ServerContext ctx) {
    this.ctx = ctx;
    this.executor = new PreparedQueryExecutor(ctx);
  }

  /**
   * @param router the router to add the routes to
   */
  public void register(Router router) {
    router.addBlocking(HttpMethod.POST, "/v1/query", this::create);
    router.add(HttpMethod.GET, "/v1/query", this::list);
    router.add(HttpMethod.GET, "/v1/query/:id", this::get);
    router.addBlocking(HttpMethod.PUT, "/v1/query/:id", this::update);
    router.addBlocking(HttpMethod.DELETE, "/v1/query/:id", this::delete);
  }

  /** Consul's {@code PreparedQuery} request and response body. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Body(
      @JsonProperty("ID") String id,
      @JsonProperty("Name") String name,
      @JsonProperty("Session") String session,
      @JsonProperty("Token") String token,
      @JsonProperty("Template") Template template,
      @JsonProperty("Service") ServiceSpec service,
      @JsonProperty("DNS") Dns dns) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Template(
      @JsonProperty("Type") String type,
      @JsonProperty("Regexp") String regexp,
      @JsonProperty("RemoveEmptyTags") boolean removeEmptyTags) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record ServiceSpec(
      @JsonProperty("Service") String service,
      @JsonProperty("Failover") Failover failover,
      @JsonProperty("OnlyPassing") boolean onlyPassing,
      @JsonProperty("IgnoreCheckIDs") List<String> ignoreCheckIds,
      @JsonProperty("Near") String near,
      @JsonProperty("Tags") List<String> tags,
      @JsonProperty("NodeMeta") Map<String, String> nodeMeta,
      @JsonProperty("ServiceMeta") Map<String, String> serviceMeta,
      @JsonProperty("Connect") Connect connect) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Failover(
      @JsonProperty("NearestN") int nearestN,
      @JsonProperty("Datacenters") List<String> datacenters) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Connect(@JsonProperty("Enabled") boolean enabled) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Dns(@JsonProperty("TTL") String ttl) {}

  /**
   * @param q a stored query
   * @return its definition as the typed body (ID and name included)
   */
  static Body body(PreparedQuery q) {
    Body b = MAPPER.convertValue(q.definition(), Body.class);
    return new Body(q.id(), q.name(), b.session(), b.token(), b.template(), b.service(), b.dns());
  }

  private Body validate(ApiRequest r) {
    Body b = Json.read(r.body(), Body.class);
    if (b == null) {
      throw HttpError.badRequest("Request decode failed: empty query");
    }
    String name = b.name() == null ? "" : b.name();
    if (AclLinks.UUID.matcher(name).matches()) {
      throw HttpError.badRequest("Query name cannot be a UUID");
    }
    boolean template =
        b.template() != null && b.template().type() != null && !b.template().type().isEmpty();
    if (template) {
      if (!b.template().type().equals("name_prefix_match")) {
        throw HttpError.badRequest("Bad Template.Type '" + b.template().type() + "'");
      }
      if (b.template().regexp() != null && !b.template().regexp().isEmpty()) {
        try {
          Pattern.compile(b.template().regexp());
        } catch (PatternSyntaxException e) {
          throw HttpError.badRequest("Invalid Template.Regexp: " + e.getDescription());
        }
      }
    }
    if (b.service() == null
        || (b.service().service() == null || b.service().service().isEmpty()) && !template) {
      throw HttpError.badRequest("Must provide a Service name to query");
    }
    if (b.session() != null
        && !b.session().isEmpty()
        && !ctx.store().snapshot().sessions().containsKey(b.session())) {
      throw HttpError.badRequest("invalid session \"" + b.session() + "\"");
    }
    if (!name.isEmpty()) {
      ctx.acl().require(r, "query", name, Access.WRITE);
    }
    return b;
  }

  /**
   * @param id the query ID
   * @param b its body
   * @return the stored form (indexes 0)
   */
  static PreparedQuery toStored(String id, Body b) {
    Map<String, Object> def =
        MAPPER.convertValue(
            new Body(null, null, b.session(), b.token(), b.template(), b.service(), b.dns()),
            new TypeReference<LinkedHashMap<String, Object>>() {});
    def.remove("ID");
    def.remove("Name");
    return new PreparedQuery(id, b.name(), def, 0, 0);
  }

  private void requireUniqueName(String id, String name) {
    if (name == null || name.isEmpty()) {
      return;
    }
    for (PreparedQuery q : ctx.store().snapshot().preparedQueries().values()) {
      if (q.name().equals(name) && !q.id().equals(id)) {
        throw HttpError.badRequest("Name '" + name + "' aliases an existing query name");
      }
    }
  }

  private ApiResponse create(ApiRequest r) {
    Body b = validate(r);
    String id = RootGenerator.randomUuid(ctx.random());
    requireUniqueName(id, b.name());
    ctx.store().apply(new Command.UpsertPreparedQuery(toStored(id, b)));
    return ApiResponse.json(Map.of("ID", id));
  }

  private ApiResponse update(ApiRequest r) {
    String id = r.pathParam();
    PreparedQuery old = ctx.store().snapshot().preparedQueries().get(id);
    if (old == null) {
      throw HttpError.notFound("Query not found");
    }
    if (!old.name().isEmpty()) {
      ctx.acl().require(r, "query", old.name(), Access.WRITE);
    }
    Body b = validate(r);
    requireUniqueName(id, b.name());
    ctx.store().apply(new Command.UpsertPreparedQuery(toStored(id, b)));
    return ApiResponse.empty();
  }

  private ApiResponse delete(ApiRequest r) {
    PreparedQuery old = ctx.store().snapshot().preparedQueries().get(r.pathParam());
    if (old != null && !old.name().isEmpty()) {
      ctx.acl().require(r, "query", old.name(), Access.WRITE);
    }
    ctx.store().apply(new Command.DeletePreparedQuery(r.pathParam()));
    return ApiResponse.empty();
  }

  private ApiResponse list(ApiRequest r) {
    Acl.Identity who = ctx.acl().resolve(r);
    StateSnapshot s = ctx.store().snapshot();
    List<Map<String, Object>> out = new ArrayList<>();
    for (PreparedQuery q : s.preparedQueries().values()) {
      if (q.name().isEmpty() || ctx.acl().allows(who, "query", q.name(), Access.READ)) {
        out.add(wire(q, who));
      }
    }
    return ApiResponse.json(out, Math.max(1, s.indexOf(Table.PREPARED_QUERIES)));
  }

  private ApiResponse get(ApiRequest r) {
    String[] parts = r.pathParam().split("/", 2);
    if (parts.length == 2) {
      return switch (parts[1]) {
        case "execute" -> executor.execute(r, parts[0]);
        case "explain" -> executor.explain(r, parts[0]);
        default -> throw HttpError.notFound("Query not found");
      };
    }
    Acl.Identity who = ctx.acl().resolve(r);
    StateSnapshot s = ctx.store().snapshot();
    PreparedQuery q = s.preparedQueries().get(parts[0]);
    if (q == null) {
      throw HttpError.notFound("Query not found");
    }
    if (!q.name().isEmpty()) {
      ctx.acl().require(r, "query", q.name(), Access.READ);
    }
    return ApiResponse.json(List.of(wire(q, who)), Math.max(1, s.indexOf(Table.PREPARED_QUERIES)));
  }

  /**
   * @param q a stored query
   * @param who the reader; the query's token is shown to management only
   * @return Consul's JSON for it
   */
  static Map<String, Object> wire(PreparedQuery q, Acl.Identity who) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("ID", q.id());
    m.put("Name", q.name());
    Body b = body(q);
    m.put("Session", b.session() == null ? "" : b.session());
    String token = b.token() == null ? "" : b.token();
    m.put("Token", token.isEmpty() || who == null || who.management() ? token : "<hidden>");
    Map<String, Object> rest =
        MAPPER.convertValue(
            new Body(null, null, null, null, b.template(), b.service(), b.dns()),
            new TypeReference<LinkedHashMap<String, Object>>() {});
    m.put("Template", template(b.template()));
    m.put("Service", rest.get("Service"));
    m.put("DNS", b.dns() == null ? Map.of("TTL", "") : rest.get("DNS"));
    m.put("CreateIndex", q.createIndex());
    m.put("ModifyIndex", q.modifyIndex());
    return m;
  }

  private static Map<String, Object> template(Template t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Type", t == null || t.type() == null ? "" : t.type());
    m.put("Regexp", t == null || t.regexp() == null ? "" : t.regexp());
    m.put("RemoveEmptyTags", t != null && t.removeEmptyTags());
    return m;
  }
}
