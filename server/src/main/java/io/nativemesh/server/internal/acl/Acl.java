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
package io.nativemesh.server.internal.acl;

import io.nativemesh.server.ServerConfig;
import io.nativemesh.server.internal.http.ApiRequest;
import io.nativemesh.server.internal.http.HttpError;
import io.nativemesh.server.internal.state.AclPolicy;
import io.nativemesh.server.internal.state.AclRole;
import io.nativemesh.server.internal.state.AclToken;
import io.nativemesh.server.internal.state.StateSnapshot;
import io.nativemesh.server.internal.state.StateStore;
import io.nativemesh.server.internal.state.Table;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one authorizer every endpoint asks (docs/consul-api.md, "ACLs"): the request token comes from
 * {@code ?token=}, then {@code X-Consul-Token}, then {@code Authorization: Bearer}; with ACLs
 * disabled every request is allowed. With ACLs enabled: the initial management token (and tokens
 * linked to {@code global-management}) may do anything; any other token's permissions are the
 * merged rules ({@link Authorizer}) of its policies, its roles' policies, and the policies Consul
 * synthesizes for its service identities ({@code service "<name>"} and {@code
 * "<name>-sidecar-proxy"} write, {@code service_prefix ""} and {@code node_prefix ""} read) and
 * node identities ({@code node "<name>"} write, {@code service_prefix ""} read). What no rule
 * decides falls to {@code acl.default_policy}, which also governs the anonymous token, except
 * {@code acl} permissions, which need a rule or management (as in Consul). Unknown and expired
 * secrets ({@code ExpirationTime} passed by the server's clock) → 403 {@code ACL not found};
 * denials → 403 {@code Permission denied: token with AccessorID '…' lacks permission '…' on "…"}.
 * Thread-safe.
 */
public final class Acl {
  /** Consul's accessor ID of the anonymous token. */
  public static final String ANONYMOUS_ACCESSOR = "00000000-0000-0000-0000-000000000002";

  /** The accessor ID reported for the configured initial management token. */
  public static final String INITIAL_MANAGEMENT_ACCESSOR = "00000000-0000-0000-0000-000000000001";

  private final ServerConfig config;
  private final StateStore store;
  private final Map<String, Parsed> parsed = new ConcurrentHashMap<>();

  /** A policy's parsed rules, valid while its modify index is unchanged. */
  private record Parsed(long modifyIndex, PolicyRules rules) {}

  /**
   * @param config ACL settings
   * @param store where created tokens live
   */
  public Acl(ServerConfig config, StateStore store) {
    this.config = config;
    this.store = store;
  }

  /**
   * @param r a request
   * @return the presented secret, or null (anonymous)
   */
  public static String token(ApiRequest r) {
    String t = r.query("token");
    if (t != null && !t.isEmpty()) {
      return t;
    }
    t = r.headers().get("X-Consul-Token");
    if (t != null && !t.isEmpty()) {
      return t.trim();
    }
    String auth = r.headers().get("Authorization");
    if (auth != null) {
      String[] parts = auth.trim().split("\\s+", 2);
      if (parts.length == 2 && parts[0].equalsIgnoreCase("Bearer") && !parts[1].isEmpty()) {
        return parts[1].trim();
      }
    }
    return null;
  }

  /**
   * @return true when ACLs are enforced
   */
  public boolean enabled() {
    return config.aclEnabled();
  }

  /**
   * The resolved identity of a request.
   *
   * @param accessorId accessor ID (the anonymous one without a token)
   * @param management true for a management token
   * @param token the stored token, null for anonymous and the initial management token
   * @param rules the merged rules of the token (empty for management and anonymous)
   */
  public record Identity(String accessorId, boolean management, AclToken token, Authorizer rules) {}

  /**
   * @param r a request
   * @return its identity (management when ACLs are disabled)
   * @throws HttpError 403 {@code ACL not found} for an unknown secret
   */
  public Identity resolve(ApiRequest r) {
    Identity id = resolveSecret(token(r));
    record(r, () -> resolveSecret(token(r)));
    return id;
  }

  /**
   * @param secret a token secret, or null for anonymous
   * @return its identity (management when ACLs are disabled)
   * @throws HttpError 403 {@code ACL not found} for an unknown secret
   */
  public Identity resolveSecret(String secret) {
    if (!config.aclEnabled()) {
      return new Identity(ANONYMOUS_ACCESSOR, true, null, Authorizer.EMPTY);
    }
    if (secret == null || secret.equals("anonymous")) {
      return new Identity(ANONYMOUS_ACCESSOR, false, null, Authorizer.EMPTY);
    }
    if (secret.equals(config.aclInitialManagement())) {
      return new Identity(INITIAL_MANAGEMENT_ACCESSOR, true, null, Authorizer.EMPTY);
    }
    StateSnapshot s = store.snapshot();
    for (AclToken t : s.aclTokens().values()) {
      if (t.secretId().equals(secret) && !t.expired(config.clock().instant())) {
        return new Identity(
            t.accessorId(), t.management(), t, t.management() ? Authorizer.EMPTY : rulesOf(s, t));
      }
    }
    throw new HttpError(HttpResponseStatus.FORBIDDEN, "ACL not found");
  }

  private Authorizer rulesOf(StateSnapshot s, AclToken t) {
    Set<String> policyIds = new LinkedHashSet<>(t.policyIds());
    Set<String> services = new LinkedHashSet<>(t.serviceIdentities());
    Set<String> nodes = new LinkedHashSet<>(t.nodeIdentities());
    for (String roleId : t.roleIds()) {
      AclRole role = s.aclRoles().get(roleId);
      if (role != null) {
        policyIds.addAll(role.policyIds());
        services.addAll(role.serviceIdentities());
        nodes.addAll(role.nodeIdentities());
      }
    }
    List<PolicyRules> all = new ArrayList<>();
    for (String id : policyIds) {
      AclPolicy p = s.aclPolicies().get(id);
      if (p != null) {
        all.add(rulesOf(p));
      }
    }
    for (String svc : services) {
      all.add(serviceIdentity(svc));
    }
    for (String node : nodes) {
      all.add(nodeIdentity(node));
    }
    return new Authorizer(all);
  }

  private PolicyRules rulesOf(AclPolicy p) {
    Parsed cached = parsed.get(p.id());
    if (cached == null || cached.modifyIndex() != p.modifyIndex()) {
      PolicyRules rules;
      try {
        rules = PolicyRules.parse(p.rules());
      } catch (IllegalArgumentException e) {
        rules = new PolicyRules(List.of()); // validated on write; a bad stored rule grants nothing
      }
      cached = new Parsed(p.modifyIndex(), rules);
      parsed.put(p.id(), cached);
    }
    return cached.rules();
  }

  /**
   * Consul's synthesized service identity policy.
   *
   * @param service a service name
   * @return its rules
   */
  public static PolicyRules serviceIdentity(String service) {
    return PolicyRules.parse(
        "service \""
            + service
            + "\" { policy = \"write\" }\nservice \""
            + service
            + "-sidecar-proxy\" { policy = \"write\" }\n"
            + "service_prefix \"\" { policy = \"read\" }\nnode_prefix \"\" { policy = \"read\" }");
  }

  /**
   * Consul's synthesized node identity policy.
   *
   * @param node a node name
   * @return its rules
   */
  public static PolicyRules nodeIdentity(String node) {
    return PolicyRules.parse(
        "node \"" + node + "\" { policy = \"write\" }\nservice_prefix \"\" { policy = \"read\" }");
  }

  private static HttpError denied(Identity id, String permission, String resource) {
    return new HttpError(
        HttpResponseStatus.FORBIDDEN,
        "Permission denied: token with AccessorID '"
            + id.accessorId()
            + "' lacks permission '"
            + permission
            + "'"
            + (resource == null || resource.isEmpty() ? "" : " on \"" + resource + "\""));
  }

  /**
   * @param id a resolved identity
   * @param resource a resource type ({@code key}, {@code service}, {@code intentions}, {@code
   *     operator}, {@code acl}, …)
   * @param name the resource name, or null for top-level resources
   * @param need the access needed
   * @return whether the identity has it
   */
  public boolean allows(Identity id, String resource, String name, Access need) {
    if (id.management()) {
      return true;
    }
    Access a = id.rules().lookup(resource, name);
    if (a != null) {
      return a.grants(need);
    }
    return !resource.equals("acl") && config.aclDefaultPolicy().allows();
  }

  /**
   * @param r the request
   * @param resource a resource type
   * @param name the resource name, or null
   * @param need the access needed
   * @throws HttpError 403 when denied
   */
  public void require(ApiRequest r, String resource, String name, Access need) {
    check(r, resource, name, need);
    record(r, () -> check(r, resource, name, need));
  }

  private void check(ApiRequest r, String resource, String name, Access need) {
    Identity id = resolveSecret(token(r));
    if (!allows(id, resource, name, need)) {
      throw denied(id, resource + ":" + need.wire(), name);
    }
  }

  /** The ACL tables a parked blocking query watches to re-authorize (issue 18). */
  private static final List<Table> ACL_TABLES =
      List.of(Table.ACL_TOKENS, Table.ACL_POLICIES, Table.ACL_ROLES);

  private void record(ApiRequest r, Runnable check) {
    if (config.aclEnabled()) {
      r.recordAuthCheck(check, () -> store.watch(ACL_TABLES));
    }
  }

  /**
   * {@code service:write} on a service name (registration, leaf certificates, authorize).
   *
   * @param r the request
   * @param service the service name
   * @throws HttpError 403 when denied
   */
  public void requireServiceWrite(ApiRequest r, String service) {
    require(r, "service", service, Access.WRITE);
  }

  /**
   * {@code intentions:read} on a destination (a service rule grants it unless it says otherwise).
   *
   * @param r the request
   * @param service the service name
   * @throws HttpError 403 when denied
   */
  public void requireIntentionRead(ApiRequest r, String service) {
    require(r, "intentions", service, Access.READ);
  }

  /**
   * @param id a resolved identity
   * @param destination an intention's destination
   * @return whether the identity may read intentions of that destination
   */
  public boolean canReadIntentions(Identity id, String destination) {
    return allows(id, "intentions", destination, Access.READ);
  }

  /**
   * Resolves the request's token for per-item filtering of a read (Consul's {@code acl/filter}).
   * Does not record a re-check: call it inside the query so every run of a blocking query uses the
   * token's current rules.
   *
   * @param r the request
   * @return a fresh filter for one run of the query
   * @throws HttpError 403 {@code ACL not found} for an unknown secret
   */
  public ReadFilter readFilter(ApiRequest r) {
    return new ReadFilter(this, resolveSecret(token(r)));
  }

  /**
   * {@code node:write} on the node (node-level checks, catalog node registration, maintenance).
   *
   * @param r the request
   * @throws HttpError 403 when denied
   */
  public void requireNodeWrite(ApiRequest r) {
    require(r, "node", config.nodeName(), Access.WRITE);
  }

  /**
   * A permission in Consul's {@code resource:access} form, e.g. {@code key:write} on a key or
   * {@code operator:read}.
   *
   * @param r the request
   * @param permission e.g. {@code key:write}
   * @param resource the resource name, or null
   * @throws HttpError 403 when denied
   */
  public void requireRule(ApiRequest r, String permission, String resource) {
    int colon = permission.indexOf(':');
    require(
        r, permission.substring(0, colon), resource, Access.parse(permission.substring(colon + 1)));
  }

  /**
   * {@code acl:read}/{@code acl:write}: an {@code acl} rule or management, whatever the default
   * policy.
   *
   * @param r the request
   * @param permission {@code acl:read} or {@code acl:write}
   * @throws HttpError 403 when denied
   */
  public void requireManagement(ApiRequest r, String permission) {
    requireRule(r, permission, null);
  }
}
