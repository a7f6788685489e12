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
import io.nativemesh.core.GoDuration;
import io.nativemesh.server.internal.acl.Acl;
import io.nativemesh.server.internal.ca.RootGenerator;
import io.nativemesh.server.internal.http.ApiRequest;
import io.nativemesh.server.internal.http.ApiResponse;
import io.nativemesh.server.internal.http.HttpError;
import io.nativemesh.server.internal.http.Json;
import io.nativemesh.server.internal.http.Router;
import io.nativemesh.server.internal.state.AclToken;
import io.nativemesh.server.internal.state.Command;
import io.nativemesh.server.internal.state.StateSnapshot;
import io.nativemesh.server.internal.state.Table;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * ACL token endpoints (Consul {@code /v1/acl/token}): create ({@code PUT /v1/acl/token}), read,
 * update and delete by accessor ID, {@code GET /v1/acl/token/self}, {@code GET /v1/acl/tokens} and
 * {@code PUT /v1/acl/bootstrap}. Tokens link policies and roles (by ID or name), service identities
 * and node identities; {@code global-management} makes a management token. Auth methods, binding
 * rules and login answer 400 saying they are not supported. Tokens go through the durable log. With
 * ACLs disabled every endpoint answers 401 {@code ACL support disabled} (Consul's wording).
 * Thread-safe.
 */
public final class AclApi {
  /** Consul's built-in management policy ID. */
  public static final String MANAGEMENT_POLICY_ID = AclLinks.MANAGEMENT_POLICY_ID;

  private static final Pattern UUID = AclLinks.UUID;
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
    router.addBlocking(
        HttpMethod.PUT,
        "/v1/acl/token/:accessor_id",
        r -> r.pathParam().endsWith("/clone") ? cloneToken(r) : upsert(r, r.pathParam()));
    router.addBlocking(HttpMethod.DELETE, "/v1/acl/token/:accessor_id", this::delete);
    router.add(HttpMethod.GET, "/v1/acl/tokens", this::list);
    router.addBlocking(HttpMethod.PUT, "/v1/acl/bootstrap", this::bootstrap);
    for (String path :
        List.of(
            "/v1/acl/auth-method",
            "/v1/acl/auth-methods",
            "/v1/acl/binding-rule",
            "/v1/acl/binding-rules",
            "/v1/acl/login",
            "/v1/acl/logout")) {
      for (HttpMethod m : List.of(HttpMethod.GET, HttpMethod.PUT, HttpMethod.DELETE)) {
        router.add(m, path, this::unsupported);
        router.add(m, path + "/:rest", this::unsupported);
      }
    }
    // every other /v1/acl/* path: Consul answers 401 "ACL support disabled" on all of them when
    // ACLs are off; more specific routes registered elsewhere win over this one
    for (HttpMethod m :
        List.of(HttpMethod.GET, HttpMethod.PUT, HttpMethod.POST, HttpMethod.DELETE)) {
      router.add(m, "/v1/acl/:path", this::otherAclPath);
    }
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  record TokenBody(
      @JsonProperty("AccessorID") String accessorId,
      @JsonProperty("SecretID") String secretId,
      @JsonProperty("Description") String description,
      @JsonProperty("Policies") List<AclLinks.Link> policies,
      @JsonProperty("ServiceIdentities") List<AclLinks.ServiceIdentity> serviceIdentities,
      @JsonProperty("Roles") List<AclLinks.Link> roles,
      @JsonProperty("NodeIdentities") List<AclLinks.NodeIdentity> nodeIdentities,
      @JsonProperty("Local") boolean local,
      @JsonProperty("ExpirationTime") Instant expirationTime,
      @JsonProperty("ExpirationTTL") String expirationTtl) {}

  /** Consul's default {@code acl.token_min_expiration_ttl}. */
  static final Duration MIN_EXPIRATION_TTL = Duration.ofMinutes(1);

  /** Consul's default {@code acl.token_max_expiration_ttl}. */
  static final Duration MAX_EXPIRATION_TTL = Duration.ofHours(24);

  private ApiResponse otherAclPath(ApiRequest r) {
    requireEnabled(ctx);
    throw HttpError.notFound("Unsupported ACL endpoint: " + r.path());
  }

  /**
   * @param ctx shared components
   * @throws HttpError 401 {@code ACL support disabled} when ACLs are off
   */
  static void requireEnabled(ServerContext ctx) {
    if (!ctx.acl().enabled()) {
      throw new HttpError(HttpResponseStatus.UNAUTHORIZED, "ACL support disabled");
    }
  }

  private ApiResponse unsupported(ApiRequest r) {
    requireEnabled(ctx);
    throw HttpError.badRequest(
        "ACL auth methods, binding rules and login are not supported by this server: create "
            + "tokens with PUT /v1/acl/token");
  }

  /** Consul: bootstrap once; refused when a management token already exists. */
  private ApiResponse bootstrap(ApiRequest r) {
    requireEnabled(ctx);
    StateSnapshot s = ctx.store().snapshot();
    boolean done = ctx.config().aclInitialManagement() != null;
    for (AclToken t : s.aclTokens().values()) {
      done |= t.management();
    }
    if (done) {
      throw new HttpError(
          HttpResponseStatus.FORBIDDEN,
          "ACL bootstrap no longer allowed (reset index: " + s.indexOf(Table.ACL_TOKENS) + ")");
    }
    AclToken token =
        new AclToken(
            RootGenerator.randomUuid(random),
            RootGenerator.randomUuid(random),
            "Bootstrap Token (Global Management)",
            true,
            List.of(),
            false,
            ctx.config().clock().instant(),
            0,
            0);
    AclToken stored = ctx.store().apply(new Command.UpsertAclToken(token)).result();
    return ApiResponse.json(wire(ctx.store().snapshot(), stored, true));
  }

  /** Consul: {@code PUT /v1/acl/token/:id/clone}, same links, new IDs, optional Description. */
  private ApiResponse cloneToken(ApiRequest r) {
    requireEnabled(ctx);
    ctx.acl().requireManagement(r, "acl:write");
    String id = r.pathParam().substring(0, r.pathParam().length() - "/clone".length());
    AclToken t = live(ctx.store().snapshot().aclTokens().get(id));
    if (t == null) {
      throw HttpError.notFound("Cannot find token to clone: " + id);
    }
    TokenBody b = r.body().length == 0 ? null : Json.read(r.body(), TokenBody.class);
    AclToken copy =
        new AclToken(
            RootGenerator.randomUuid(random),
            RootGenerator.randomUuid(random),
            b != null && b.description() != null ? b.description() : t.description(),
            t.management(),
            t.serviceIdentities(),
            t.local(),
            ctx.config().clock().instant(),
            0,
            0,
            t.policyIds(),
            t.roleIds(),
            t.nodeIdentities(),
            t.expirationTime());
    AclToken stored = ctx.store().apply(new Command.UpsertAclToken(copy)).result();
    return ApiResponse.json(wire(ctx.store().snapshot(), stored, true));
  }

  private ApiResponse upsert(ApiRequest r, String pathAccessor) {
    requireEnabled(ctx);
    ctx.acl().requireManagement(r, "acl:write");
    TokenBody b = Json.read(r.body(), TokenBody.class);
    if (b == null) {
      throw HttpError.badRequest("Request decode failed: empty token");
    }
    StateSnapshot snap = ctx.store().snapshot();
    List<String> policyIds = new ArrayList<>(AclLinks.policyIds(snap, b.policies()));
    boolean management = policyIds.remove(AclLinks.MANAGEMENT_POLICY_ID);
    List<String> roleIds = AclLinks.roleIds(snap, b.roles());
    List<String> identities = AclLinks.serviceIdentities(b.serviceIdentities());
    List<String> nodes = AclLinks.nodeIdentities(b.nodeIdentities());
    String accessor = pathAccessor != null ? pathAccessor : b.accessorId();
    if (pathAccessor != null
        && b.accessorId() != null
        && !b.accessorId().isEmpty()
        && !b.accessorId().equals(pathAccessor)) {
      throw HttpError.badRequest("AccessorID in the request body does not match the path");
    }
    AclToken existing = accessor == null ? null : live(snap.aclTokens().get(accessor));
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
      for (AclToken t : snap.aclTokens().values()) {
        if (t.secretId().equals(secret)) {
          throw HttpError.badRequest("Invalid Token: SecretID is already in use");
        }
      }
      if (accessor.equals(Acl.INITIAL_MANAGEMENT_ACCESSOR)
          || accessor.equals(Acl.ANONYMOUS_ACCESSOR)) {
        throw HttpError.badRequest("Invalid Token: AccessorID is reserved");
      }
    }
    Instant created = existing != null ? existing.createTime() : ctx.config().clock().instant();
    AclToken token =
        new AclToken(
            accessor,
            secret,
            b.description() == null ? "" : b.description(),
            management,
            identities,
            b.local(),
            created,
            0,
            0,
            policyIds,
            roleIds,
            nodes,
            expiration(b, existing, created));
    AclToken stored = ctx.store().apply(new Command.UpsertAclToken(token)).result();
    return ApiResponse.json(wire(ctx.store().snapshot(), stored, true));
  }

  /**
   * @param t a stored token, or null
   * @return {@code t}, or null when it has expired (Consul hides expired tokens until they are
   *     reaped)
   */
  private AclToken live(AclToken t) {
    return t == null || t.expired(ctx.config().clock().instant()) ? null : t;
  }

  /**
   * Consul's expiration rules ({@code ACL.TokenSet}): {@code ExpirationTTL} or {@code
   * ExpirationTime}, not both; the TTL becomes a time from the creation time; the time lies between
   * 1 minute and 24 hours after creation (Consul's default {@code token_min_expiration_ttl} and
   * {@code token_max_expiration_ttl}); an update cannot change it.
   */
  private static Instant expiration(TokenBody b, AclToken existing, Instant created) {
    Instant at = b.expirationTime();
    if (b.expirationTtl() != null && !b.expirationTtl().isEmpty()) {
      Duration ttl;
      try {
        ttl = GoDuration.parse(b.expirationTtl());
      } catch (IllegalArgumentException e) {
        throw HttpError.badRequest("Invalid ExpirationTTL: " + e.getMessage());
      }
      if (ttl.isNegative()) {
        throw HttpError.badRequest(
            "Token Expiration TTL '" + GoDuration.format(ttl) + "' should be > 0");
      }
      if (!ttl.isZero()) {
        if (at != null) {
          throw HttpError.badRequest("Token Expiration TTL and Expiration Time cannot both be set");
        }
        at = created.plus(ttl);
      }
    }
    if (existing != null) {
      if (at != null && !at.equals(existing.expirationTime())) {
        throw HttpError.badRequest("Cannot change expiration time");
      }
      return existing.expirationTime();
    }
    if (at == null) {
      return null;
    }
    if (created.isAfter(at)) {
      throw HttpError.badRequest("ExpirationTime cannot be before CreateTime");
    }
    Duration in = Duration.between(created, at);
    if (in.compareTo(MAX_EXPIRATION_TTL) > 0) {
      throw HttpError.badRequest(
          "ExpirationTime cannot be more than "
              + GoDuration.format(MAX_EXPIRATION_TTL)
              + " in the future (was "
              + GoDuration.format(in)
              + ")");
    }
    if (in.compareTo(MIN_EXPIRATION_TTL) < 0) {
      throw HttpError.badRequest(
          "ExpirationTime cannot be less than "
              + GoDuration.format(MIN_EXPIRATION_TTL)
              + " in the future (was "
              + GoDuration.format(in)
              + ")");
    }
    return at;
  }

  private ApiResponse read(ApiRequest r) {
    requireEnabled(ctx);
    ctx.acl().requireManagement(r, "acl:read");
    AclToken t = live(ctx.store().snapshot().aclTokens().get(r.pathParam()));
    if (t == null) {
      throw new HttpError(HttpResponseStatus.FORBIDDEN, "ACL not found");
    }
    return ApiResponse.json(
        wire(ctx.store().snapshot(), t, true), ctx.store().snapshot().indexOf(Table.ACL_TOKENS));
  }

  private ApiResponse self(ApiRequest r) {
    requireEnabled(ctx);
    Acl.Identity id = ctx.acl().resolve(r);
    if (id.token() != null) {
      return ApiResponse.json(wire(ctx.store().snapshot(), id.token(), true));
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
    requireEnabled(ctx);
    ctx.acl().requireManagement(r, "acl:write");
    ctx.store().apply(new Command.DeleteAclToken(r.pathParam()));
    return ApiResponse.json(true);
  }

  private ApiResponse list(ApiRequest r) {
    requireEnabled(ctx);
    ctx.acl().requireManagement(r, "acl:read");
    List<Map<String, Object>> out = new ArrayList<>();
    StateSnapshot snap = ctx.store().snapshot();
    for (AclToken t : snap.aclTokens().values()) {
      if (live(t) != null && matches(r, t)) {
        out.add(wire(snap, t, false));
      }
    }
    return ApiResponse.json(out, ctx.store().snapshot().indexOf(Table.ACL_TOKENS));
  }

  /** Consul: {@code ?policy=}, {@code ?role=}, {@code ?servicename=} filters of the list. */
  private static boolean matches(ApiRequest r, AclToken t) {
    String policy = r.query("policy");
    String role = r.query("role");
    String service = r.query("servicename");
    return (policy == null
            || t.policyIds().contains(policy)
            || t.management() && policy.equals(AclLinks.MANAGEMENT_POLICY_ID))
        && (role == null || t.roleIds().contains(role))
        && (service == null || t.serviceIdentities().contains(service));
  }

  private Map<String, Object> wire(StateSnapshot s, AclToken t, boolean withSecret) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("AccessorID", t.accessorId());
    if (withSecret) {
      m.put("SecretID", t.secretId());
    }
    m.put("Description", t.description());
    AclLinks.put(
        m,
        s,
        t.management(),
        t.policyIds(),
        t.roleIds(),
        t.serviceIdentities(),
        t.nodeIdentities(),
        ctx.config().datacenter());
    m.put("Local", t.local());
    if (t.expirationTime() != null) {
      m.put("ExpirationTime", t.expirationTime());
    }
    m.put("CreateTime", t.createTime());
    m.put(
        "Hash",
        AclLinks.hash(
            t.description(),
            t.management(),
            t.policyIds(),
            t.roleIds(),
            t.serviceIdentities(),
            t.nodeIdentities(),
            t.local()));
    m.put("CreateIndex", t.createIndex());
    m.put("ModifyIndex", t.modifyIndex());
    return m;
  }
}
