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
package io.nativemesh.server.internal.http;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Cluster mode: what a request waits for before its handler runs, and the leader headers its
 * response carries (Consul's consistency modes: default, {@code ?consistent}, {@code ?stale};
 * docs/cluster.md). Implementations are thread-safe.
 */
public interface ReadGate {
  /**
   * @param request the request (method, query)
   * @return completes when the handler may run (e.g. after a read barrier); fails with an {@link
   *     HttpError} (500 "No cluster leader") when the read cannot be served
   */
  CompletableFuture<Void> before(ApiRequest request);

  /**
   * @return {@code X-Consul-KnownLeader} and {@code X-Consul-LastContact} as this server knows them
   *     now
   */
  Map<String, String> leaderHeaders();
}
