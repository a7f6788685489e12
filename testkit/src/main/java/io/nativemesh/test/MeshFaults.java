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
package io.nativemesh.test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nativemesh.consul.ConsulClient;
import io.nativemesh.consul.QueryOptions;
import io.nativemesh.test.internal.FaultProxy;
import java.util.Map;

/**
 * Fault injection the way production meshes fail. Each helper acts on the real server (or on the
 * relay in front of it, for blocking queries); {@code MeshFaultsTest} shows the effect of each.
 * Thread-safe.
 *
 * @since 0.1.0
 */
public final class MeshFaults {
  private final NativeMesh mesh;
  private final FaultProxy proxy;

  MeshFaults(NativeMesh mesh, FaultProxy proxy) {
    this.mesh = mesh;
    this.proxy = proxy;
  }

  /**
   * Re-issues the leaf of {@code service} now, as its renewal would: blocked leaf queries return a
   * new certificate (new serial, new key).
   *
   * @param service the service
   * @throws IllegalStateException if the server never issued a leaf for it
   */
  public void rotateLeaf(String service) {
    if (!mesh.server().reissueLeaf(service)) {
      throw new IllegalStateException("no leaf was ever issued for " + service);
    }
  }

  /**
   * Rotates the CA root (Consul API: {@code PUT /v1/connect/ca/configuration} with a new key): the
   * new root is cross-signed by the old one, both are served, and every cached leaf is re-issued by
   * the new key within the rotation stagger. Fake upstreams keep the leaf they serve (call {@link
   * FakeUpstream#serve} to renew one) but learn the new roots.
   */
  public void rotateCaRoot() {
    JsonNode cfg = get("/v1/connect/ca/configuration");
    ObjectNode config = ((ObjectNode) cfg.get("Config")).deepCopy();
    config.remove("PrivateKey");
    config.remove("RootCert");
    mesh.client()
        .write(
            "PUT",
            "/v1/connect/ca/configuration",
            Map.of(),
            Map.of("Provider", cfg.get("Provider").asText(), "Config", config),
            null);
    mesh.refreshUpstreams();
  }

  /**
   * Stops leaf issuance: the leaf endpoint keeps answering with the cached leaf, past renewal and
   * past expiry, and blocking leaf queries no longer return (Consul 1.15.0/1.15.1, GH-16779) — what
   * the SDK's expiry watchdog is for.
   */
  public void stopIssuingLeaves() {
    mesh.server().stopIssuingLeaves(true);
  }

  /** Resumes leaf issuance; what is due is issued at once. */
  public void resumeIssuingLeaves() {
    mesh.server().stopIssuingLeaves(false);
  }

  /**
   * Blocking queries through {@link NativeMesh#address()} are held unanswered (the client's own
   * timeout has to notice) until {@link #healBlockingQueries()}.
   */
  public void stallBlockingQueries() {
    proxy.mode(FaultProxy.Mode.STALL);
  }

  /**
   * Blocking queries through {@link NativeMesh#address()} have their connection dropped without a
   * response until {@link #healBlockingQueries()}.
   */
  public void breakBlockingQueries() {
    proxy.mode(FaultProxy.Mode.BREAK);
  }

  /** Blocking queries are relayed again; stalled ones are released and answered. */
  public void healBlockingQueries() {
    proxy.mode(FaultProxy.Mode.NORMAL);
  }

  /**
   * @return how many blocking queries were stalled or broken so far
   */
  public int affectedBlockingQueries() {
    return proxy.affectedQueries();
  }

  /**
   * Marks an instance's TTL checks critical (Consul API: {@code PUT /v1/agent/check/fail/:id}). A
   * service that keeps its own TTL check alive (the SDK does) turns passing again at its next
   * update.
   *
   * @param serviceId the instance's service ID
   * @param note the check output
   * @return how many checks were failed
   */
  public int markCritical(String serviceId, String note) {
    return setTtlChecks(serviceId, "fail", note);
  }

  /**
   * Marks an instance's TTL checks passing.
   *
   * @param serviceId the instance's service ID
   * @return how many checks were updated
   */
  public int markPassing(String serviceId) {
    return setTtlChecks(serviceId, "pass", "nativemesh-test");
  }

  private JsonNode get(String path) {
    return ConsulClient.join(mesh.client().getAsync(path, JsonNode.class, QueryOptions.NONE, false))
        .value();
  }

  private int setTtlChecks(String serviceId, String verb, String note) {
    JsonNode checks = get("/v1/agent/checks");
    int n = 0;
    for (JsonNode c : checks) {
      if (serviceId.equals(c.path("ServiceID").asText())
          && "ttl".equalsIgnoreCase(c.path("Type").asText())) {
        mesh.client()
            .write(
                "PUT",
                "/v1/agent/check/" + verb + "/" + c.get("CheckID").asText(),
                Map.of("note", note),
                null,
                null);
        n++;
      }
    }
    if (n == 0) {
      throw new IllegalArgumentException("instance " + serviceId + " has no TTL check");
    }
    return n;
  }

  /**
   * Denies {@code source} to {@code destination} with an exact intention (replacing any exact one
   * between them); running mesh services see it through their intention watch, fake upstreams at
   * once.
   *
   * @param source the caller
   * @param destination the callee
   */
  public void denyCaller(String source, String destination) {
    mesh.deny(source, destination);
  }
}
