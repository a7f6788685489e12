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
import io.nativemesh.server.internal.acl.PolicyRules;
import io.nativemesh.server.internal.ca.RootGenerator;
import io.nativemesh.server.internal.http.ApiRequest;
import io.nativemesh.server.internal.http.ApiResponse;
import io.nativemesh.server.internal.http.HttpError;
import io.nativemesh.server.internal.http.Json;
import io.nativemesh.server.internal.http.Router;
import io.nativemesh.server.internal.state.AclPolicy;
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
 * ACL policy endpoints (Consul API: {@code /v1/acl/policy}, {@code acl/policies.mdx}): {@code PUT
 * /v1/acl/policy} creates, {@code GET|PUT|DELETE /v1/acl/policy/:id} reads, updates and deletes,
 * {@code GET /v1/acl/policy/name/:name} reads by name, {@code GET /v1/acl/policies} lists (without
 * rules). Names match {@code [A-Za-z0-9-_]{1,256}} and are unique; rules must parse ({@link
 * PolicyRules}), else 400 {@code Failed to parse ACL rules: …}. The built-in {@code
 * global-management} policy is listed and readable but cannot be changed or deleted. Reads need
 * {@code acl:read}, writes {@code acl:write}. Thread-safe.
 */
public final class AclPolicyApi {
  private static final String MANAGEMENT_RULES =
      "acl = \"write\"\nagent_prefix \"\" {\n  policy = \"write\"\n}\nevent_prefix \"\" {\n"
          + "  policy = \"write\"\n}\nkey_prefix \"\" {\n  policy = \"write\"\n}\nkeyring = \"write\"\n"
          + "node_prefix \"\" {\n  policy = \"write\"\n}\noperator = \"write\"\nmesh = \"write\"\n"
          + "query_prefix \"\" {\n  policy = \"write\"\n}\nservice_prefix \"\" {\n"
          + "  policy = \"write\"\n  intentions = \"write\"\n}\nsession_prefix \"\" {\n"
          + "  policy = \"write\"\n}";

  private final ServerContext ctx;

  /**
   * @param ctx shared components
   */
  public AclPolicyApi(ServerContext ctx) {
    this.ctx = ctx;
  }

  /**
   * @param router the router to add the routes to
   */
  public void register(Router router) {
    router.addBlocking(HttpMethod.PUT, "/v1/acl/policy", r -> upsert(r, null));
    router.add(HttpMethod.GET, "/v1/acl/policy/:id", this::read);
    router.addBlocking(HttpMethod.PUT, "/v1/acl/policy/:id", r -> upsert(r, r.pathParam()));
    router.addBlocking(HttpMethod.DELETE, "/v1/acl/policy/:id", this::delete);
    router.add(HttpMethod.GET, "/v1/acl/policies", this::list);
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  record PolicyBody(
      @JsonProperty("ID") String id,
      @JsonProperty("Name") String name,
      @JsonProperty("Description") String description,
      @JsonProperty("Rules") String rules,
      @JsonProperty("Datacenters") List<String> datacenters) {}

  private static AclPolicy management() {
    return new AclPolicy(
        AclLinks.MANAGEMENT_POLICY_ID,
        AclLinks.MANAGEMENT_POLICY_NAME,
        "Builtin Policy that grants unlimited access",
        MANAGEMENT_RULES,
        List.of(),
        1,
        1);
  }

  private ApiResponse upsert(ApiRequest r, String pathId) {
    AclApi.requireEnabled(ctx);
    ctx.acl().requireManagement(r, "acl:write");
    PolicyBody b = Json.read(r.body(), PolicyBody.class);
    if (b == null) {
      throw HttpError.badRequest("Request decode failed: empty policy");
    }
    String id = pathId != null ? pathId : b.id();
    if (pathId != null && b.id() != null && !b.id().isEmpty() && !b.id().equals(pathId)) {
      throw HttpError.badRequest("Policy ID in URL and payload do not match");
    }
    if (AclLinks.MANAGEMENT_POLICY_ID.equals(id)) {
      throw HttpError.badRequest(
          "Changing the Rules for the builtin global-management policy is not permitted");
    }
    if (b.name() == null || !AclLinks.OBJECT_NAME.matcher(b.name()).matches()) {
      throw HttpError.badRequest("Invalid Policy: invalid Name '" + b.name() + "'");
    }
    try {
      PolicyRules.parse(b.rules());
    } catch (IllegalArgumentException e) {
      throw HttpError.badRequest(e.getMessage());
    }
    StateSnapshot s = ctx.store().snapshot();
    if (id != null && !id.isEmpty() && !s.aclPolicies().containsKey(id)) {
      if (pathId != null || !AclLinks.UUID.matcher(id).matches()) {
        throw HttpError.badRequest("Cannot find policy " + id);
      }
    }
    if (id == null || id.isEmpty()) {
      id = RootGenerator.randomUuid(ctx.random());
    }
    if (b.name().equals(AclLinks.MANAGEMENT_POLICY_NAME)) {
      throw HttpError.badRequest(
          "Invalid Policy: A Policy with Name \"" + b.name() + "\" already exists");
    }
    for (AclPolicy p : s.aclPolicies().values()) {
      if (p.name().equals(b.name()) && !p.id().equals(id)) {
        throw HttpError.badRequest(
            "Invalid Policy: A Policy with Name \"" + b.name() + "\" already exists");
      }
    }
    AclPolicy stored =
        ctx.store()
            .apply(
                new Command.UpsertAclPolicy(
                    new AclPolicy(id, b.name(), b.description(), b.rules(), b.datacenters(), 0, 0)))
            .result();
    return ApiResponse.json(wire(stored, true));
  }

  private AclPolicy find(StateSnapshot s, String param) {
    if (param.startsWith("name/")) {
      String name = param.substring("name/".length());
      if (name.equals(AclLinks.MANAGEMENT_POLICY_NAME)) {
        return management();
      }
      for (AclPolicy p : s.aclPolicies().values()) {
        if (p.name().equals(name)) {
          return p;
        }
      }
      return null;
    }
    return param.equals(AclLinks.MANAGEMENT_POLICY_ID) ? management() : s.aclPolicies().get(param);
  }

  private ApiResponse read(ApiRequest r) {
    AclApi.requireEnabled(ctx);
    ctx.acl().requireManagement(r, "acl:read");
    StateSnapshot s = ctx.store().snapshot();
    AclPolicy p = find(s, r.pathParam());
    if (p == null) {
      throw new HttpError(HttpResponseStatus.FORBIDDEN, "ACL not found");
    }
    return ApiResponse.json(wire(p, true), Math.max(1, s.indexOf(Table.ACL_POLICIES)));
  }

  private ApiResponse delete(ApiRequest r) {
    AclApi.requireEnabled(ctx);
    ctx.acl().requireManagement(r, "acl:write");
    if (r.pathParam().equals(AclLinks.MANAGEMENT_POLICY_ID)) {
      throw HttpError.badRequest(
          "Deletion of the builtin global-management policy is not permitted");
    }
    ctx.store().apply(new Command.DeleteAclPolicy(r.pathParam()));
    return ApiResponse.json(true);
  }

  private ApiResponse list(ApiRequest r) {
    AclApi.requireEnabled(ctx);
    ctx.acl().requireManagement(r, "acl:read");
    StateSnapshot s = ctx.store().snapshot();
    List<Map<String, Object>> out = new ArrayList<>();
    out.add(wire(management(), false));
    for (AclPolicy p : s.aclPolicies().values()) {
      out.add(wire(p, false));
    }
    return ApiResponse.json(out, Math.max(1, s.indexOf(Table.ACL_POLICIES)));
  }

  private static Map<String, Object> wire(AclPolicy p, boolean withRules) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("ID", p.id());
    m.put("Name", p.name());
    m.put("Description", p.description());
    if (withRules) {
      m.put("Rules", p.rules());
    }
    if (!p.datacenters().isEmpty()) {
      m.put("Datacenters", p.datacenters());
    }
    m.put("Hash", AclLinks.hash(p.name(), p.description(), p.rules(), p.datacenters()));
    m.put("CreateIndex", p.createIndex());
    m.put("ModifyIndex", p.modifyIndex());
    return m;
  }
}
