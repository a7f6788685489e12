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

import io.nativemesh.server.internal.http.ApiRequest;
import io.nativemesh.server.internal.http.ApiResponse;
import io.nativemesh.server.internal.http.HttpError;
import io.nativemesh.server.internal.http.Router;
import io.nativemesh.server.internal.state.Command;
import io.nativemesh.server.internal.state.StateSnapshot;
import io.nativemesh.server.internal.state.StoredCheck;
import io.nativemesh.server.internal.storage.SnapshotArchive;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /v1/snapshot} and {@code PUT /v1/snapshot} (Consul API: /v1/snapshot;
 * docs/backup-restore.md): save the whole state — catalog, KV, sessions, intentions and config
 * entries, ACL tokens, the CA with its keys — as one consistent archive, and restore one atomically
 * in a single logged command. Both need a management token when ACLs are enabled (the archive holds
 * every secret). Thread-safe.
 */
public final class SnapshotApi {
  private static final Logger LOG = LoggerFactory.getLogger(SnapshotApi.class);

  private final ServerContext ctx;

  /**
   * @param ctx shared components
   */
  public SnapshotApi(ServerContext ctx) {
    this.ctx = ctx;
  }

  /**
   * @param router the router to add the routes to
   */
  public void register(Router router) {
    router.add(HttpMethod.GET, "/v1/snapshot", this::save);
    router.addBlocking(HttpMethod.PUT, "/v1/snapshot", this::restore);
  }

  private ApiResponse save(ApiRequest r) {
    ctx.acl().requireManagement(r, "acl:write");
    StateSnapshot s = ctx.store().snapshot();
    byte[] archive;
    try {
      archive = SnapshotArchive.write(s, ctx.config().datacenter(), ctx.config().clock().instant());
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode the state: " + e.getMessage(), e);
    }
    // X-Consul-KnownLeader: set on every response, truthfully (ResponseHeaders)
    return ApiResponse.raw(archive, "application/x-gzip", s.index());
  }

  private ApiResponse restore(ApiRequest r) {
    ctx.acl().requireManagement(r, "acl:write");
    StateSnapshot saved;
    try {
      saved = SnapshotArchive.read(r.body());
    } catch (IllegalArgumentException e) {
      throw HttpError.badRequest("Snapshot restore failed: " + e.getMessage());
    }
    StateSnapshot before = ctx.store().snapshot();
    // the agent's services and checks in the archive belong to the node that saved it: restoring
    // them under another node name would leave them naming a node that is not this one
    if (!saved.node().node().equals(before.node().node())
        || !saved.node().datacenter().equals(before.node().datacenter())) {
      throw HttpError.badRequest(
          "Snapshot restore failed: the snapshot was saved by node \""
              + saved.node().node()
              + "\" in datacenter \""
              + saved.node().datacenter()
              + "\"; this server is node \""
              + before.node().node()
              + "\" in \""
              + before.node().datacenter()
              + "\" (start it with -node and -datacenter set to those of the snapshot)");
    }
    ctx.store().apply(new Command.Restore(saved));
    // the restored node keeps its ID; its address is this server's
    ctx.store()
        .apply(
            new Command.RegisterNode(
                saved.node().id(),
                before.node().node(),
                before.node().address(),
                before.node().datacenter()));
    // agent-local timers are not state: re-arm them for what was restored, as at startup
    for (StoredCheck c : before.checks().values()) {
      ctx.ttlChecks().disarm(c.check().checkId());
      ctx.checkRunner().disarm(c.check().checkId());
    }
    for (String id : before.sessions().keySet()) {
      ctx.sessionTimers().disarm(id);
    }
    StateSnapshot now = ctx.store().snapshot();
    for (StoredCheck c : now.checks().values()) {
      if (c.ttl() != null) {
        ctx.ttlChecks().arm(c.check().checkId(), c.ttl());
      }
      ctx.checkRunner().arm(c);
    }
    ctx.sessionTimers().armAll();
    LOG.info(
        "state restored from a snapshot taken at index {}: now at index {}",
        saved.index(),
        now.index());
    return ApiResponse.empty().withStatus(HttpResponseStatus.OK);
  }
}
