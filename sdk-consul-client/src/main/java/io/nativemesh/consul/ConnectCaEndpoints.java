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

import io.nativemesh.consul.internal.ConsulJson;
import io.nativemesh.core.model.AuthorizeRequest;
import io.nativemesh.core.model.AuthorizeResponse;
import io.nativemesh.core.model.CaRoots;
import io.nativemesh.core.model.IssuedCert;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Consul API: Connect CA roots and leaf certificates, and connection authorization. Thread-safe.
 *
 * @since 0.1.0
 */
public final class ConnectCaEndpoints {
  private final ConsulClient client;

  ConnectCaEndpoints(ConsulClient client) {
    this.client = client;
  }

  /**
   * {@code GET /v1/agent/connect/ca/roots} (blocking; no ACL).
   *
   * @param options blocking options
   * @return the future roots
   */
  public CompletableFuture<QueryResult<CaRoots>> roots(QueryOptions options) {
    return client.read(
        "/v1/agent/connect/ca/roots", ConsulJson.type(CaRoots.class), options, false);
  }

  /**
   * {@code GET /v1/agent/connect/ca/leaf/:service} (blocking; ACL {@code service:write} on the
   * service). A non-blocking read makes the agent revalidate expiry and signing key.
   *
   * @param service service name
   * @param options blocking options
   * @return the future leaf
   */
  public CompletableFuture<QueryResult<IssuedCert>> leaf(String service, QueryOptions options) {
    return client.read(
        "/v1/agent/connect/ca/leaf/" + service, ConsulJson.type(IssuedCert.class), options, false);
  }

  /**
   * {@code POST /v1/agent/connect/authorize}. A network call: never call it inside a TLS handshake.
   *
   * @param request target, client SPIFFE ID and serial
   * @return the decision with its reason
   * @throws ConsulApiException 400 for an invalid URI, 403 without {@code service:write} on the
   *     target
   */
  public AuthorizeResponse authorize(AuthorizeRequest request) {
    return client.send(
        "POST",
        "/v1/agent/connect/authorize",
        Map.of(),
        request,
        ConsulJson.type(AuthorizeResponse.class));
  }
}
