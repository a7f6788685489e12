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
import io.nativemesh.core.model.ServiceEntry;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Consul API: {@code /v1/health/*}. Blocking reads. Thread-safe.
 *
 * @since 0.1.0
 */
public final class HealthEndpoints {
  private static final JavaType ENTRIES = ConsulJson.listOf(ServiceEntry.class);
  private final ConsulClient client;

  HealthEndpoints(ConsulClient client) {
    this.client = client;
  }

  /**
   * {@code GET /v1/health/connect/:service}: mesh-capable instances (Connect-native services and
   * sidecar proxies). Add {@code passing} with {@link QueryOptions#withParam}.
   *
   * @param service service name
   * @param options blocking and filter options
   * @return the future entries
   */
  public CompletableFuture<QueryResult<List<ServiceEntry>>> connect(
      String service, QueryOptions options) {
    return client.read("/v1/health/connect/" + service, ENTRIES, options, false);
  }

  /**
   * {@code GET /v1/health/service/:service}.
   *
   * @param service service name
   * @param options blocking and filter options
   * @return the future entries
   */
  public CompletableFuture<QueryResult<List<ServiceEntry>>> service(
      String service, QueryOptions options) {
    return client.read("/v1/health/service/" + service, ENTRIES, options, false);
  }
}
