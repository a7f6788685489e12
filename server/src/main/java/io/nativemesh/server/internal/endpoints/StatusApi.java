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

import io.nativemesh.server.internal.http.ApiResponse;
import io.nativemesh.server.internal.http.Router;
import io.netty.handler.codec.http.HttpMethod;
import java.util.List;

/**
 * Status endpoints (docs/consul-api.md, "Status"): {@code GET /v1/status/leader} → JSON string
 * {@code "ip:8300"} (this single server is always the leader; 8300 is Consul's server RPC port) and
 * {@code GET /v1/status/peers} → array with that address. Thread-safe.
 */
public final class StatusApi {
  /** Consul's server RPC port, reported in leader and peer addresses. */
  public static final int SERVER_RPC_PORT = 8300;

  private final ServerContext ctx;

  /**
   * @param ctx shared components
   */
  public StatusApi(ServerContext ctx) {
    this.ctx = ctx;
  }

  /**
   * @param router the router to add the routes to
   */
  public void register(Router router) {
    router.add(HttpMethod.GET, "/v1/status/leader", r -> ApiResponse.json(leader()));
    router.add(HttpMethod.GET, "/v1/status/peers", r -> ApiResponse.json(List.of(leader())));
  }

  private String leader() {
    String a = ctx.advertiseAddress();
    return (a.indexOf(':') >= 0 ? "[" + a + "]" : a) + ":" + SERVER_RPC_PORT;
  }
}
