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
import io.nativemesh.core.model.Intention;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Consul API: {@code /v1/connect/intentions/*}. Thread-safe.
 *
 * @since 0.1.0
 */
public final class IntentionEndpoints {
  private static final JavaType MATCH = ConsulJson.mapOfLists(Intention.class);
  private final ConsulClient client;

  IntentionEndpoints(ConsulClient client) {
    this.client = client;
  }

  /**
   * {@code GET /v1/connect/intentions/match?by=destination&name=<n>} (blocking): intentions that
   * apply to the destination, in evaluation order. Needs {@code intentions:read} on the name.
   *
   * @param destination destination service name
   * @param options blocking options
   * @return the future map {@code name -> intentions}
   */
  public CompletableFuture<QueryResult<Map<String, List<Intention>>>> matchDestination(
      String destination, QueryOptions options) {
    return client.read(
        "/v1/connect/intentions/match",
        MATCH,
        options.withParam("by", "destination").withParam("name", destination),
        false);
  }

  /**
   * {@code PUT /v1/connect/intentions/exact?source=&destination=} with an L4 action (upsert).
   *
   * @param source source service name or {@code *}
   * @param destination destination service name or {@code *}
   * @param action {@code allow} or {@code deny}
   * @param description free text, may be null
   */
  public void upsertExact(String source, String destination, String action, String description) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("SourceType", "consul");
    body.put("Action", action);
    if (description != null) {
      body.put("Description", description);
    }
    client.send(
        "PUT",
        "/v1/connect/intentions/exact",
        Map.of("source", source, "destination", destination),
        body,
        ConsulJson.type(Boolean.class));
  }

  /**
   * {@code DELETE /v1/connect/intentions/exact?source=&destination=}.
   *
   * @param source source name
   * @param destination destination name
   */
  public void deleteExact(String source, String destination) {
    client.send(
        "DELETE",
        "/v1/connect/intentions/exact",
        Map.of("source", source, "destination", destination),
        null,
        null);
  }
}
