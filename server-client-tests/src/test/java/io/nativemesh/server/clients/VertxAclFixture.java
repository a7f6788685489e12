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
package io.nativemesh.server.clients;

import io.nativemesh.server.ConsulServer;
import io.nativemesh.server.DefaultIntentionPolicy;
import io.nativemesh.server.ServerConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.consul.ConsulClient;
import io.vertx.ext.consul.ConsulClientOptions;
import java.io.IOException;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

/**
 * What the Vert.x suites with ACLs share: the server, clients under a token, waiting on futures.
 */
final class VertxAclFixture {
  private VertxAclFixture() {}

  /**
   * @param node the node name
   * @param root the initial management token
   * @param clock the server's clock, or null for the system clock
   * @return a dev server on an ephemeral port with ACLs on, {@code default_policy = deny}
   */
  static ConsulServer server(String node, String root, Clock clock) throws IOException {
    ServerConfig.Builder b =
        ServerConfig.builder()
            .dev(true)
            .nodeName(node)
            .acl(true, DefaultIntentionPolicy.DENY, root)
            .httpPort(0);
    if (clock != null) {
      b.clock(clock);
    }
    return ConsulServer.start(b.build());
  }

  static ConsulClient client(Vertx vertx, ConsulServer server, String token) {
    return ConsulClient.create(
        vertx,
        new ConsulClientOptions()
            .setHost("127.0.0.1")
            .setPort(server.httpPort())
            .setAclToken(token));
  }

  static <T> T get(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }
}
