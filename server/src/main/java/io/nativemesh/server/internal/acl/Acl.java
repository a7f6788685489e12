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
import io.nativemesh.server.internal.state.AclToken;
import io.nativemesh.server.internal.state.StateStore;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * The ACL subset (docs/consul-api.md, "Request parameters and tokens", "ACL tokens"): the request
 * token comes from {@code ?token=}, then {@code X-Consul-Token}, then {@code Authorization:
 * Bearer}; with ACLs disabled every request is allowed. With ACLs enabled: the initial management
 * token (and tokens created as management) may do anything; a token with service identities has
 * {@code service:write} (leaf, registration, authorize, intention reads) on those services and read
 * access to the catalog; anything a token's rules do not grant falls to {@code acl.default_policy},
 * which also governs the anonymous token. Unknown secrets → 403 {@code ACL not found}; denials →
 * 403 {@code Permission denied: token with AccessorID '…' lacks permission '…' on "…"}.
 * Thread-safe.
 */
public final class Acl {
  /** Consul's accessor ID of the anonymous token. */
  public static final String ANONYMOUS_ACCESSOR = "00000000-0000-0000-0000-000000000002";

  /** The accessor ID reported for the configured initial management token. */
  public static final String INITIAL_MANAGEMENT_ACCESSOR = "00000000-0000-0000-0000-000000000001";

  private final ServerConfig config;
  private final StateStore store;

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
   */
  public record Identity(String accessorId, boolean management, AclToken token) {
    boolean hasServiceIdentity(String service) {
      return token != null && token.serviceIdentities().contains(service);
    }
  }

  /**
   * @param r a request
   * @return its identity (management when ACLs are disabled)
   * @throws HttpError 403 {@code ACL not found} for an unknown secret
   */
  public Identity resolve(ApiRequest r) {
    if (!config.aclEnabled()) {
      return new Identity(ANONYMOUS_ACCESSOR, true, null);
    }
    String secret = token(r);
    if (secret == null) {
      return new Identity(ANONYMOUS_ACCESSOR, false, null);
    }
    if (secret.equals(config.aclInitialManagement())) {
      return new Identity(INITIAL_MANAGEMENT_ACCESSOR, true, null);
    }
    if (secret.equals("anonymous")) {
      return new Identity(ANONYMOUS_ACCESSOR, false, null);
    }
    for (AclToken t : store.snapshot().aclTokens().values()) {
      if (t.secretId().equals(secret)) {
        return new Identity(t.accessorId(), t.management(), t);
      }
    }
    throw new HttpError(HttpResponseStatus.FORBIDDEN, "ACL not found");
  }

  private boolean defaultAllows() {
    return config.aclDefaultPolicy().allows();
  }

  private static HttpError denied(Identity id, String permission, String resource) {
    return new HttpError(
        HttpResponseStatus.FORBIDDEN,
        "Permission denied: token with AccessorID '"
            + id.accessorId()
            + "' lacks permission '"
            + permission
            + "'"
            + (resource == null ? "" : " on \"" + resource + "\""));
  }

  /**
   * {@code service:write} on a service name (registration, leaf certificates, authorize).
   *
   * @param r the request
   * @param service the service name
   * @throws HttpError 403 when denied
   */
  public void requireServiceWrite(ApiRequest r, String service) {
    Identity id = resolve(r);
    if (!(id.management() || id.hasServiceIdentity(service) || defaultAllows())) {
      throw denied(id, "service:write", service);
    }
  }

  /**
   * {@code intentions:read} on a destination: service identities read their own service's
   * intentions.
   *
   * @param r the request
   * @param service the service name
   * @throws HttpError 403 when denied
   */
  public void requireIntentionRead(ApiRequest r, String service) {
    Identity id = resolve(r);
    if (!(id.management() || id.hasServiceIdentity(service) || defaultAllows())) {
      throw denied(id, "intentions:read", service);
    }
  }

  /**
   * @param id a resolved identity
   * @param destination an intention's destination
   * @return whether the identity may read intentions of that destination
   */
  public boolean canReadIntentions(Identity id, String destination) {
    return id.management() || id.hasServiceIdentity(destination) || defaultAllows();
  }

  /**
   * Catalog and health reads: service identities read every service and node (Consul's synthesized
   * {@code service_prefix "" { policy = "read" }}).
   *
   * @param r the request
   * @throws HttpError 403 when denied
   */
  public void requireCatalogRead(ApiRequest r) {
    Identity id = resolve(r);
    if (!(id.management()
        || id.token() != null && !id.token().serviceIdentities().isEmpty()
        || defaultAllows())) {
      throw denied(id, "service:read", null);
    }
  }

  /**
   * A read that Consul's synthesized service-identity policy grants ({@code service_prefix ""} and
   * {@code node_prefix ""} read): {@code service:read} for {@code GET
   * /v1/connect/intentions/check}, {@code node:read} for {@code GET /v1/agent/members}.
   *
   * @param r the request
   * @param permission e.g. {@code node:read}, for the message
   * @param resource the resource named in the message, or null
   * @throws HttpError 403 when denied
   */
  public void requireIdentityRead(ApiRequest r, String permission, String resource) {
    Identity id = resolve(r);
    if (!(id.management()
        || id.token() != null && !id.token().serviceIdentities().isEmpty()
        || defaultAllows())) {
      throw denied(id, permission, resource);
    }
  }

  /**
   * {@code node:write} on the node (node-level checks, catalog node registration, maintenance).
   *
   * @param r the request
   * @throws HttpError 403 when denied
   */
  public void requireNodeWrite(ApiRequest r) {
    requireRule(r, "node:write", config.nodeName());
  }

  /**
   * A permission only management tokens (or the default policy) grant: {@code key:*}, {@code
   * session:*}, {@code operator:*}, {@code acl:*}, {@code intentions:write}.
   *
   * @param r the request
   * @param permission e.g. {@code key:write}
   * @param resource the resource name, or null
   * @throws HttpError 403 when denied
   */
  public void requireRule(ApiRequest r, String permission, String resource) {
    Identity id = resolve(r);
    if (!(id.management() || defaultAllows())) {
      throw denied(id, permission, resource);
    }
  }

  /**
   * {@code acl:read}/{@code acl:write}: management tokens only, whatever the default policy.
   *
   * @param r the request
   * @param permission {@code acl:read} or {@code acl:write}
   * @throws HttpError 403 when denied
   */
  public void requireManagement(ApiRequest r, String permission) {
    Identity id = resolve(r);
    if (!id.management()) {
      throw denied(id, permission, null);
    }
  }
}
