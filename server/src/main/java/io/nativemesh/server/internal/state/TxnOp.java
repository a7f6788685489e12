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
package io.nativemesh.server.internal.state;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.nativemesh.core.model.AgentService;
import io.nativemesh.core.model.HealthCheck;
import io.nativemesh.core.model.Node;

/**
 * One operation of a transaction that touches the catalog (Consul API: {@code /v1/txn} {@code KV},
 * {@code Node}, {@code Service} or {@code Check}); exactly one of the four is set. Immutable.
 *
 * @param kv a KV operation
 * @param node a node operation
 * @param service a service operation
 * @param check a check operation
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TxnOp(KvOp kv, NodeOp node, ServiceOp service, CheckOp check) {
  /**
   * Catalog verbs (Consul: {@code api.NodeOp}, {@code ServiceOp}, {@code CheckOp}): {@code set},
   * {@code cas}, {@code get}, {@code delete}, {@code delete-cas}.
   */
  public enum Verb {
    /** Write unconditionally. */
    SET,
    /** Write if the modify index matches (0: only if absent). */
    CAS,
    /** Read; an error when absent. */
    GET,
    /** Delete (absent is fine). */
    DELETE,
    /** Delete if the modify index matches. */
    DELETE_CAS;

    /**
     * @param wire Consul's spelling, e.g. {@code delete-cas}
     * @return the verb, or null when unknown
     */
    public static Verb fromWire(String wire) {
      for (Verb v : values()) {
        if (v.name().replace('_', '-').equalsIgnoreCase(wire)) {
          return v;
        }
      }
      return null;
    }
  }

  /**
   * @param verb the verb
   * @param node the node (indexes ignored)
   * @param index the CAS index (the request's {@code ModifyIndex})
   */
  public record NodeOp(Verb verb, Node node, long index) {}

  /**
   * @param verb the verb
   * @param node the node name
   * @param service the instance (indexes ignored)
   * @param index the CAS index (the request's {@code ModifyIndex})
   */
  public record ServiceOp(Verb verb, String node, AgentService service, long index) {}

  /**
   * @param verb the verb
   * @param check the check, its {@code Node} naming the node (indexes ignored)
   * @param index the CAS index (the request's {@code ModifyIndex})
   */
  public record CheckOp(Verb verb, HealthCheck check, long index) {}

  /**
   * One operation's result; at most one field set (none for deletes).
   *
   * @param kv KV entries returned
   * @param node the node written or read
   * @param service the instance written or read
   * @param check the check written or read
   */
  public record Item(
      java.util.List<KvEntry> kv, Node node, AgentService service, HealthCheck check) {}
}
