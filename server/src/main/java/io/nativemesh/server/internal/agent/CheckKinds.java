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
package io.nativemesh.server.internal.agent;

import io.nativemesh.core.model.CheckDefinition;
import io.nativemesh.server.internal.http.HttpError;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Which kind of check a definition is (Consul: {@code structs.CheckType} {@code IsTTL}, {@code
 * IsHTTP}, {@code IsTCP}, {@code IsUDP}, {@code IsH2PING}, {@code IsGRPC}, {@code IsScript}, {@code
 * IsDocker}, {@code IsAlias}) and the messages shared by the kinds. The kind names are Consul's
 * {@code HealthCheck.Type} values. Stateless.
 */
final class CheckKinds {
  /** Consul's message when a script check is registered and scripts are not enabled. */
  static final String SCRIPTS_DISABLED =
      "Scripts are disabled on this agent; to enable, configure 'enable_script_checks' or"
          + " 'enable_local_script_checks' to true";

  /** The output of a Docker check: this server cannot reach a Docker daemon. */
  static final String DOCKER_UNAVAILABLE =
      "Docker checks are not supported by this server: it has no Docker client, so the check"
          + " stays critical; use a script, HTTP, TCP or gRPC check instead";

  /**
   * How often an alias check re-reads the aliased checks (Consul watches them with blocking
   * queries; the state is local here, so a short poll costs a map lookup).
   */
  static final Duration ALIAS_POLL = Duration.ofMillis(250);

  private CheckKinds() {}

  /**
   * @param d the definition
   * @param checkId its ID, for messages
   * @return {@code ttl}, {@code http}, {@code tcp}, {@code udp}, {@code h2ping}, {@code grpc},
   *     {@code script}, {@code docker} or {@code alias}
   * @throws HttpError 400 unless exactly one kind is set
   */
  static String of(CheckDefinition d, String checkId) {
    List<String> kinds = new ArrayList<>();
    add(kinds, "ttl", d.ttl());
    add(kinds, "http", d.http());
    add(kinds, "tcp", d.tcp());
    add(kinds, "udp", d.udp());
    add(kinds, "h2ping", d.h2ping());
    add(kinds, "grpc", d.grpc());
    boolean docker = d.dockerContainerId() != null && !d.dockerContainerId().isEmpty();
    if (d.args() != null && !d.args().isEmpty()) {
      kinds.add(docker ? "docker" : "script");
    } else if (docker) {
      kinds.add("docker");
    }
    if ((d.aliasService() != null && !d.aliasService().isEmpty())
        || (d.aliasNode() != null && !d.aliasNode().isEmpty())) {
      kinds.add("alias");
    }
    if (kinds.size() != 1) {
      throw HttpError.badRequest(
          "Invalid check '"
              + checkId
              + "': exactly one of TTL, HTTP, TCP, UDP, H2PING, GRPC, Args (script or Docker) or"
              + " AliasService/AliasNode must be set"
              + (kinds.isEmpty() ? "" : ", got " + String.join(", ", kinds)));
    }
    return kinds.get(0);
  }

  /**
   * @param kind a kind from {@link #of}
   * @return true for kinds that run a command (Consul's {@code IsScript}: script and Docker)
   */
  static boolean runsCommand(String kind) {
    return kind.equals("script") || kind.equals("docker");
  }

  private static void add(List<String> kinds, String kind, String value) {
    if (value != null && !value.isEmpty()) {
      kinds.add(kind);
    }
  }
}
