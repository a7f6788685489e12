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
import io.nativemesh.server.internal.acl.Acl;
import io.nativemesh.server.internal.ca.RootGenerator;
import io.nativemesh.server.internal.http.ApiRequest;
import io.nativemesh.server.internal.http.ApiResponse;
import io.nativemesh.server.internal.http.HttpError;
import io.nativemesh.server.internal.http.Json;
import io.nativemesh.server.internal.http.Router;
import io.nativemesh.server.internal.state.AclToken;
import io.nativemesh.server.internal.state.Command;
import io.nativemesh.server.internal.state.Table;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * ACL token endpoints (Consul {@code /v1/acl/token}), the subset this server enforces: create
 * ({@code PUT /v1/acl/token}), read, update and delete by accessor ID, {@code GET
 * /v1/acl/token/self} and {@code GET /v1/acl/tokens}. Tokens carry {@code ServiceIdentities} or the
 * {@code global-management} policy; other policies and roles are rejected with a 400. Tokens go
 * through the durable log. With ACLs disabled every endpoint answers 401 {@code ACL support
 * disabled} (Consul's wording). Thread-safe.
 */
public final class AclApi {
  /** Consul's built-in management policy ID. */
  public static final String MANAGEMENT_POLICY_ID = "00000000-0000-0000-0000-000000000001";

  private static final Pattern UUID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final Pattern SERVICE_NAME = Pattern.compile("[a-z0-9]([a-z0-9-_]*[a-z0-9])?");
  private final ServerContext ctx;
  private final SecureRandom random = new SecureRandom();

  /**
   * @param ctx shared components
   */
  public AclApi(ServerContext ctx) {
    this.ctx = ctx;
  }

  /**
   * @param router the router to add the routes to
   */
  public void register(Router router) {
    router.addBlocking(HttpMethod.PUT, "/v1/acl/token", r -> upsert(r, null));
    router.add(HttpMethod.GET, "/v1/acl/token/self", this::self);
    router.add(HttpMethod.GET, "/v1/acl/token/:accessor_id", this::read);
    router.addBlocking(HttpMethod.PUT, "/v1/acl/token/:accessor_id", r -> upsert(r, r.pathParam()));
    router.addBlocking(HttpMethod.DELETE, "/v1/acl/token/:accessor_id", this::delete);
    router.add(HttpMethod.GET, "/v1/acl/tokens", this::list);
    // every other /v1/acl/* path: Consul answers 401 "ACL support disabled" on all of them when
    // ACLs are off; more specific routes registered elsewhere win over this one
    for (HttpMethod m :
        List.of(HttpMethod.GET, HttpMethod.PUT, HttpMethod.POST, HttpMethod.DELETE)) {
      router.add(m, "/v1/acl/:path", this::otherAclPath);
    }
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  record ServiceIdentity(
      @JsonProperty("ServiceName") String serviceName,
      @JsonProperty("Datacenters") List<String> datacenters) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record PolicyLink(@JsonProperty("ID") String id, @JsonProperty("Name") String name) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record TokenBody(
      @JsonProperty("AccessorID") String accessorId,
      @JsonProperty("SecretID") String secretId,
      @JsonProperty("Description") String description,
      @JsonProperty("Policies") List<PolicyLink> policies,
      @JsonProperty("ServiceIdentities") List<ServiceIdentity> serviceIdentities,
      @JsonProperty("Roles") List<Object> roles,
      @JsonProperty("NodeIdentities") List<Object> nodeIdentities,
      @JsonProperty("Local") boolean local) {}

  private ApiResponse otherAclPath(ApiRequest r) {
    requireEnabled();
    throw HttpError.notFound("Unsupported ACL endpoint: " + r.path());
  }

  private void requireEnabled() {
    if (!ctx.acl().enabled()) {
      throw new HttpError(HttpResponseStatus.UNAUTHORIZED, "ACL support disabled");
    }
  }

  private ApiResponse upsert(ApiRequest r, String pathAccessor) {
    requireEnabled();
    ctx.acl().requireManagement(r, "acl:write");
    TokenBody b = Json.read(r.body(), TokenBody.class);
    if (b == null) {
      throw HttpError.badRequest("Request decode failed: empty token");
    }
    if (b.roles() != null && !b.roles().isEmpty()
        || b.nodeIdentities() != null && !b.nodeIdentities().isEmpty()) {
      throw HttpError.badRequest(
          "Roles and NodeIdentities are not supported by this server (ServiceIdentities and the "
              + "global-management policy are)");
    }
    boolean management = false;
    for (PolicyLink p : b.policies() == null ? List.<PolicyLink>of() : b.policies()) {
      if (p != null
          && (MANAGEMENT_POLICY_ID.equals(p.id()) || "global-management".equals(p.name()))) {
        management = true;
      } else {
        throw HttpError.badRequest(
            "ACL policy "
                + (p == null ? "null" : p.id() != null ? p.id() : p.name())
                + " not supported: this server knows only the global-management policy");
      }
    }
    List<String> identities = new ArrayList<>();
    for (ServiceIdentity si :
        b.serviceIdentities() == null ? List.<ServiceIdentity>of() : b.serviceIdentities()) {
      if (si == null
          || si.serviceName() == null
          || !SERVICE_NAME.matcher(si.serviceName()).matches()) {
        throw HttpError.badRequest(
            "Invalid Service Identity: invalid ServiceName '"
                + (si == null ? null : si.serviceName())
                + "'");
      }
      identities.add(si.serviceName());
    }
    String accessor = pathAccessor != null ? pathAccessor : b.accessorId();
    if (pathAccessor != null
        && b.accessorId() != null
        && !b.accessorId().isEmpty()
        && !b.accessorId().equals(pathAccessor)) {
      throw HttpError.badRequest("AccessorID in the request body does not match the path");
    }
    AclToken existing = accessor == null ? null : ctx.store().snapshot().aclTokens().get(accessor);
    if (pathAccessor != null && existing == null) {
      throw HttpError.notFound("Cannot find token to update: " + pathAccessor);
    }
    if (accessor == null || accessor.isEmpty()) {
      accessor = RootGenerator.randomUuid(random);
    } else if (!UUID.matcher(accessor).matches()) {
      throw HttpError.badRequest("Invalid Token: AccessorID is not a valid UUID");
    }
    String secret = b.secretId();
    if (secret == null || secret.isEmpty()) {
      secret = existing != null ? existing.secretId() : RootGenerator.randomUuid(random);
    } else if (!UUID.matcher(secret).matches()) {
      throw HttpError.badRequest("Invalid Token: SecretID is not a valid UUID");
    } else if (existing != null && !existing.secretId().equals(secret)) {
      throw HttpError.badRequest("Changing a token's SecretID is not permitted");
    }
    if (existing == null) {
      for (AclToken t : ctx.store().snapshot().aclTokens().values()) {
        if (t.secretId().equals(secret)) {
          throw HttpError.badRequest("Invalid Token: SecretID is already in use");
        }
      }
      if (accessor.equals(Acl.INITIAL_MANAGEMENT_ACCESSOR)
          || accessor.equals(Acl.ANONYMOUS_ACCESSOR)) {
        throw HttpError.badRequest("Invalid Token: AccessorID is reserved");
      }
    }
    AclToken token =
        new AclToken(
            accessor,
            secret,
            b.description() == null ? "" : b.description(),
            management,
            identities,
            b.local(),
            existing != null ? existing.createTime() : ctx.config().clock().instant(),
            0,
            0);
    AclToken stored = ctx.store().apply(new Command.UpsertAclToken(token)).result();
    return ApiResponse.json(wire(stored, true));
  }

  private ApiResponse read(ApiRequest r) {
    requireEnabled();
    ctx.acl().requireManagement(r, "acl:read");
    AclToken t = ctx.store().snapshot().aclTokens().get(r.pathParam());
    if (t == null) {
      throw new HttpError(HttpResponseStatus.FORBIDDEN, "ACL not found");
    }
    return ApiResponse.json(wire(t, true), ctx.store().snapshot().indexOf(Table.ACL_TOKENS));
  }

  private ApiResponse self(ApiRequest r) {
    requireEnabled();
    Acl.Identity id = ctx.acl().resolve(r);
    if (id.token() != null) {
      return ApiResponse.json(wire(id.token(), true));
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("AccessorID", id.accessorId());
    m.put("SecretID", id.management() ? Acl.token(r) : "anonymous");
    m.put("Description", id.management() ? "Initial Management Token" : "Anonymous Token");
    m.put(
        "Policies",
        id.management()
            ? List.of(Map.of("ID", MANAGEMENT_POLICY_ID, "Name", "global-management"))
            : List.of());
    m.put("Local", false);
    return ApiResponse.json(m);
  }

  private ApiResponse delete(ApiRequest r) {
    requireEnabled();
    ctx.acl().requireManagement(r, "acl:write");
    ctx.store().apply(new Command.DeleteAclToken(r.pathParam()));
    return ApiResponse.json(true);
  }

  private ApiResponse list(ApiRequest r) {
    requireEnabled();
    ctx.acl().requireManagement(r, "acl:read");
    List<Map<String, Object>> out = new ArrayList<>();
    for (AclToken t : ctx.store().snapshot().aclTokens().values()) {
      out.add(wire(t, false));
    }
    return ApiResponse.json(out, ctx.store().snapshot().indexOf(Table.ACL_TOKENS));
  }

  private static Map<String, Object> wire(AclToken t, boolean withSecret) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("AccessorID", t.accessorId());
    if (withSecret) {
      m.put("SecretID", t.secretId());
    }
    m.put("Description", t.description());
    if (t.management()) {
      m.put("Policies", List.of(Map.of("ID", MANAGEMENT_POLICY_ID, "Name", "global-management")));
    }
    if (!t.serviceIdentities().isEmpty()) {
      List<Map<String, Object>> ids = new ArrayList<>();
      for (String s : t.serviceIdentities()) {
        ids.add(Map.of("ServiceName", s));
      }
      m.put("ServiceIdentities", ids);
    }
    m.put("Local", t.local());
    m.put("CreateTime", t.createTime());
    m.put("CreateIndex", t.createIndex());
    m.put("ModifyIndex", t.modifyIndex());
    return m;
  }
}
