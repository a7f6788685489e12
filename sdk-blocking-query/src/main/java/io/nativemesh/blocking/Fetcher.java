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
package io.nativemesh.blocking;

import io.nativemesh.consul.QueryOptions;
import io.nativemesh.consul.QueryResult;
import java.util.concurrent.CompletableFuture;

/**
 * One read of a blocking-capable Consul endpoint. The watch engine calls it with the index (or
 * hash) and wait to block on; cancelling the returned future must abort the HTTP call.
 *
 * @param <T> the decoded body type; must implement value {@code equals} (records do), because the
 *     engine suppresses unchanged payloads
 * @since 0.1.0
 */
@FunctionalInterface
public interface Fetcher<T> {
  /**
   * @param options blocking index or hash, wait, and the endpoint's own parameters
   * @return the future response
   */
  CompletableFuture<QueryResult<T>> fetch(QueryOptions options);
}
