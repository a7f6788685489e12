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
package io.nativemesh.consul;

import com.fasterxml.jackson.databind.JavaType;
import io.nativemesh.consul.internal.ConsulJson;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Consul API: {@code /v1/catalog/*}. Thread-safe.
 *
 * @since 0.1.0
 */
public final class CatalogEndpoints {
  private static final JavaType SERVICES = ConsulJson.mapOfLists(String.class);
  private final ConsulClient client;

  CatalogEndpoints(ConsulClient client) {
    this.client = client;
  }

  /**
   * {@code GET /v1/catalog/services}.
   *
   * @param options blocking options
   * @return the future map of service name to tags
   */
  public CompletableFuture<QueryResult<Map<String, List<String>>>> services(QueryOptions options) {
    return client.read("/v1/catalog/services", SERVICES, options, false);
  }
}
