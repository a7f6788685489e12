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

import io.nativemesh.core.model.AgentService;
import io.nativemesh.core.model.ConnectSettings;
import io.nativemesh.core.model.Node;
import io.nativemesh.core.model.Weights;
import java.util.List;
import java.util.Map;

/**
 * The built-in {@code consul} service a Consul server registers on its own node (Consul: the
 * leader's {@code reconcileMember} adds it with port 8300, bound to the node's {@code serfHealth}
 * check). It is a catalog entry only: {@code /v1/catalog/*} and {@code /v1/health/*} show it,
 * {@code /v1/agent/services} does not. Derived from the node on every read, never stored, so it
 * needs no migration and cannot be deregistered. Stateless.
 */
public final class ConsulService {
  /** The service name and instance ID. */
  public static final String ID = "consul";

  /** Consul's server RPC port, which the service advertises. */
  public static final int SERVER_PORT = 8300;

  private ConsulService() {}

  /**
   * @param node the agent's node
   * @return the {@code consul} instance, with the node's create/modify indexes and Consul's meta
   *     keys ({@code raft_version}, {@code serf_protocol_*}, {@code version}, ...)
   */
  public static AgentService of(Node node) {
    return new AgentService(
        "",
        ID,
        ID,
        List.of(),
        "",
        Map.of(
            "non_voter", "false",
            "raft_version", "3",
            "read_replica", "false",
            "serf_protocol_current", "2",
            "serf_protocol_max", "5",
            "serf_protocol_min", "1",
            "version", "1.17.0"),
        SERVER_PORT,
        Weights.DEFAULT,
        false,
        new ConnectSettings(false),
        node.datacenter(),
        null,
        node.createIndex(),
        node.createIndex());
  }
}
