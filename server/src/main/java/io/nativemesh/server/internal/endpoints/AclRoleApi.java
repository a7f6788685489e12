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
import com.fasterxml.jackson.annotation.JsonProperty;
import io.nativemesh.server.internal.ca.RootGenerator;
import io.nativemesh.server.internal.http.ApiRequest;
import io.nativemesh.server.internal.http.ApiResponse;
import io.nativemesh.server.internal.http.HttpError;
import io.nativemesh.server.internal.http.Json;
import io.nativemesh.server.internal.http.Router;
import io.nativemesh.server.internal.state.AclRole;
import io.nativemesh.server.internal.state.Command;
import io.nativemesh.server.internal.state.StateSnapshot;
import io.nativemesh.server.internal.state.Table;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ACL role endpoints (Consul API: {@code /v1/acl/role}, {@code acl/roles.mdx}): {@code PUT
 * /v1/acl/role} creates, {@code GET|PUT|DELETE /v1/acl/role/:id} reads, updates and deletes, {@code
 * GET /v1/acl/role/name/:name} reads by name, {@code GET /v1/acl/roles[?policy=ID]} lists. A role
 * links policies (by ID or name), service identities and node identities; names are unique. Reads
 * need {@code acl:read}, writes {@code acl:write}. Thread-safe.
 */
public final class AclRoleApi {
  private final ServerContext ctx;

  /**
   * @param ctx shared components
   */
  public AclRoleApi(ServerContext ctx) {
    this.ctx = ctx;
  }

  /**
   * @param router the router to add the routes to
   */
  public void register(Router router) {
    router.addBlocking(HttpMethod.PUT, "/v1/acl/role", r -> upsert(r, null));
    router.add(HttpMethod.GET, "/v1/acl/role/:id", this::read);
    router.addBlocking(HttpMethod.PUT, "/v1/acl/role/:id", r -> upsert(r, r.pathParam()));
    router.addBlocking(HttpMethod.DELETE, "/v1/acl/role/:id", this::delete);
    router.add(HttpMethod.GET, "/v1/acl/roles", this::list);
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  record RoleBody(
      @JsonProperty("ID") String id,
      @JsonProperty("Name") String name,
      @JsonProperty("Description") String description,
      @JsonProperty("Policies") List<AclLinks.Link> policies,
      @JsonProperty("ServiceIdentities") List<AclLinks.ServiceIdentity> serviceIdentities,
      @JsonProperty("NodeIdentities") List<AclLinks.NodeIdentity> nodeIdentities) {}

  private ApiResponse upsert(ApiRequest r, String pathId) {
    AclApi.requireEnabled(ctx);
    ctx.acl().requireManagement(r, "acl:write");
    RoleBody b = Json.read(r.body(), RoleBody.class);
    if (b == null) {
      throw HttpError.badRequest("Request decode failed: empty role");
    }
    String id = pathId != null ? pathId : b.id();
    if (pathId != null && b.id() != null && !b.id().isEmpty() && !b.id().equals(pathId)) {
      throw HttpError.badRequest("Role ID in URL and payload do not match");
    }
    if (b.name() == null || !AclLinks.OBJECT_NAME.matcher(b.name()).matches()) {
      throw HttpError.badRequest("Invalid Role: invalid Name '" + b.name() + "'");
    }
    StateSnapshot s = ctx.store().snapshot();
    List<String> policyIds = AclLinks.policyIds(s, b.policies());
    if (policyIds.contains(AclLinks.MANAGEMENT_POLICY_ID)) {
      throw HttpError.badRequest(
          "the global-management policy can be linked to tokens only on this server");
    }
    if (id != null && !id.isEmpty() && !s.aclRoles().containsKey(id)) {
      if (pathId != null || !AclLinks.UUID.matcher(id).matches()) {
        throw HttpError.badRequest("Cannot find role " + id);
      }
    }
    if (id == null || id.isEmpty()) {
      id = RootGenerator.randomUuid(ctx.random());
    }
    for (AclRole o : s.aclRoles().values()) {
      if (o.name().equals(b.name()) && !o.id().equals(id)) {
        throw HttpError.badRequest(
            "Invalid Role: A Role with Name \"" + b.name() + "\" already exists");
      }
    }
    AclRole role =
        new AclRole(
            id,
            b.name(),
            b.description(),
            policyIds,
            AclLinks.serviceIdentities(b.serviceIdentities()),
            AclLinks.nodeIdentities(b.nodeIdentities()),
            0,
            0);
    AclRole stored = ctx.store().apply(new Command.UpsertAclRole(role)).result();
    return ApiResponse.json(wire(ctx.store().snapshot(), stored));
  }

  private static AclRole find(StateSnapshot s, String param) {
    if (param.startsWith("name/")) {
      String name = param.substring("name/".length());
      for (AclRole r : s.aclRoles().values()) {
        if (r.name().equals(name)) {
          return r;
        }
      }
      return null;
    }
    return s.aclRoles().get(param);
  }

  private ApiResponse read(ApiRequest r) {
    AclApi.requireEnabled(ctx);
    ctx.acl().requireManagement(r, "acl:read");
    StateSnapshot s = ctx.store().snapshot();
    AclRole role = find(s, r.pathParam());
    if (role == null) {
      // Consul answers 200 null for an unknown role ID
      return ApiResponse.json(null, Math.max(1, s.indexOf(Table.ACL_ROLES)))
          .withStatus(HttpResponseStatus.OK);
    }
    return ApiResponse.json(wire(s, role), Math.max(1, s.indexOf(Table.ACL_ROLES)));
  }

  private ApiResponse delete(ApiRequest r) {
    AclApi.requireEnabled(ctx);
    ctx.acl().requireManagement(r, "acl:write");
    ctx.store().apply(new Command.DeleteAclRole(r.pathParam()));
    return ApiResponse.json(true);
  }

  private ApiResponse list(ApiRequest r) {
    AclApi.requireEnabled(ctx);
    ctx.acl().requireManagement(r, "acl:read");
    String policy = r.query("policy");
    StateSnapshot s = ctx.store().snapshot();
    List<Map<String, Object>> out = new ArrayList<>();
    for (AclRole role : s.aclRoles().values()) {
      if (policy == null || role.policyIds().contains(policy)) {
        out.add(wire(s, role));
      }
    }
    return ApiResponse.json(out, Math.max(1, s.indexOf(Table.ACL_ROLES)));
  }

  private Map<String, Object> wire(StateSnapshot s, AclRole role) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("ID", role.id());
    m.put("Name", role.name());
    m.put("Description", role.description());
    AclLinks.put(
        m,
        s,
        false,
        role.policyIds(),
        List.of(),
        role.serviceIdentities(),
        role.nodeIdentities(),
        ctx.config().datacenter());
    m.put(
        "Hash",
        AclLinks.hash(
            role.name(),
            role.description(),
            role.policyIds(),
            role.serviceIdentities(),
            role.nodeIdentities()));
    m.put("CreateIndex", role.createIndex());
    m.put("ModifyIndex", role.modifyIndex());
    return m;
  }
}
