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
import io.nativemesh.core.model.AgentSelf;
import io.nativemesh.core.model.ServiceRegistration;
import java.time.Duration;
import java.util.Map;

/**
 * Consul API: {@code /v1/agent/*} (registration, TTL checks, self). Thread-safe; obtained from
 * {@link ConsulClient#agent()}.
 *
 * @since 0.1.0
 */
public final class AgentEndpoints {
  private final ConsulClient client;

  AgentEndpoints(ConsulClient client) {
    this.client = client;
  }

  /**
   * {@code PUT /v1/agent/service/register}.
   *
   * @param registration the service; {@code Name} is required
   * @throws ConsulApiException e.g. 400 for a missing name, 403 without {@code service:write}
   */
  public void register(ServiceRegistration registration) {
    client.send("PUT", "/v1/agent/service/register", Map.of(), registration, null);
  }

  /**
   * {@code PUT /v1/agent/service/deregister/:id}; idempotent.
   *
   * @param serviceId the instance ID
   */
  public void deregister(String serviceId) {
    client.send("PUT", "/v1/agent/service/deregister/" + serviceId, Map.of(), null, null);
  }

  /**
   * {@code PUT /v1/agent/check/pass|warn|fail/:check_id?note=}.
   *
   * @param checkId e.g. {@code service:web}
   * @param status {@code pass}, {@code warn} or {@code fail}
   * @param note becomes the check's {@code Output}; null for none
   */
  public void ttlCheck(String checkId, String status, String note) {
    ttlCheck(checkId, status, note, null);
  }

  /**
   * As {@link #ttlCheck(String, String, String)}, waiting at most {@code timeout} for the answer
   * instead of the client's request timeout. A heartbeat must not wait longer than its interval: a
   * server that accepted the update but cannot commit it (no leader yet, a peer it waits on was
   * just restarted) would otherwise hold every later heartbeat behind it until the TTL lapsed. A
   * timed-out update moves the client's next request to the next server address; the update itself
   * may still be applied, which for a TTL update is harmless.
   *
   * @param checkId e.g. {@code service:web}
   * @param status {@code pass}, {@code warn} or {@code fail}
   * @param note becomes the check's {@code Output}; null for none
   * @param timeout how long to wait, positive; null for the client's request timeout
   * @throws ConsulApiException on an error status (404 for an unknown check, 403 without {@code
   *     service:write})
   * @throws ConsulTransportException on I/O failure or when {@code timeout} passes
   * @throws IllegalArgumentException if {@code timeout} is zero or negative
   * @since 0.2.0
   */
  public void ttlCheck(String checkId, String status, String note, Duration timeout) {
    if (timeout != null && (timeout.isZero() || timeout.isNegative())) {
      throw new IllegalArgumentException("TTL update timeout must be positive, was " + timeout);
    }
    client.send(
        "PUT",
        "/v1/agent/check/" + status + "/" + checkId,
        note == null ? Map.of() : Map.of("note", note),
        null,
        null,
        timeout);
  }

  /**
   * {@code GET /v1/agent/self}.
   *
   * @return the agent's datacenter, node name and version
   * @throws ConsulApiException on an error status (403 without {@code agent:read})
   * @throws ConsulTransportException if the agent cannot be reached
   */
  public AgentSelf self() {
    return ConsulClient.join(
            client.<AgentSelf>read(
                "/v1/agent/self", ConsulJson.type(AgentSelf.class), QueryOptions.NONE, false))
        .value();
  }
}
