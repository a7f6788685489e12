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
package io.nativemesh.server.internal.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * {@code consul agent} flags for parts of Consul this server does not have (the web UI, server mode
 * and Raft, LAN/WAN gossip and joining, DNS, gRPC, log files, the PID file). They are accepted, so
 * a command line written for Consul ({@code agent -dev -ui -client 0.0.0.0}) still starts the
 * server, and each one used yields a warning. They are hidden from {@code -help}. Any other unknown
 * flag is a usage error: a mistyped flag must not be ignored. Flags that would change what this
 * server does ({@code -hcl}, {@code -config-format}, {@code -node-meta}, {@code -https-port}, query
 * times...) are deliberately not in this list. Stateless and thread-safe.
 */
final class IgnoredConsulFlags {
  /** Flag name to "takes a value" (false: a Go boolean flag, {@code -ui} or {@code -ui=false}). */
  private static final Map<String, Boolean> FLAGS = new TreeMap<>();

  static {
    for (String b :
        List.of(
            "-ui",
            "-bootstrap",
            "-rejoin",
            "-syslog",
            "-log-json",
            "-disable-host-node-id",
            "-disable-keyring-file")) {
      FLAGS.put(b, false);
    }
    for (String v :
        List.of(
            "-join",
            "-join-wan",
            "-retry-join-wan",
            "-retry-interval",
            "-retry-interval-wan",
            "-retry-max",
            "-retry-max-wan",
            "-advertise",
            "-advertise-wan",
            "-serf-lan-bind",
            "-serf-wan-bind",
            "-serf-lan-port",
            "-serf-wan-port",
            "-dns-port",
            "-grpc-port",
            "-grpc-tls-port",
            "-encrypt",
            "-ui-dir",
            "-ui-content-path",
            "-domain",
            "-alt-domain",
            "-recursor",
            "-node-id",
            "-log-level",
            "-log-file",
            "-log-rotate-bytes",
            "-log-rotate-duration",
            "-log-rotate-max-files",
            "-pid-file",
            "-segment",
            "-raft-protocol",
            "-primary-gateway")) {
      FLAGS.put(v, true);
    }
  }

  private IgnoredConsulFlags() {}

  /**
   * Declares the flags on the {@code agent} command, hidden.
   *
   * @param agent the agent command's spec
   */
  static void addTo(CommandSpec agent) {
    FLAGS.forEach(
        (name, takesValue) -> {
          OptionSpec.Builder o = OptionSpec.builder(name).hidden(true);
          if (takesValue) {
            o.type(String.class).arity("1");
          } else {
            o.type(Boolean.class)
                .arity("0..1")
                .fallbackValue("true")
                .converters(new AgentFlags.GoBool());
          }
          agent.addOption(o.build());
        });
  }

  /**
   * @param agent the parse result of the {@code agent} command
   * @return one warning per ignored flag that was given, in command-line order
   */
  static List<String> warnings(ParseResult agent) {
    List<String> out = new ArrayList<>();
    for (OptionSpec o : agent.matchedOptions()) {
      if (FLAGS.containsKey(o.longestName())) {
        // a boolean's value is not shown: "-ui" reads back as "true" (the fallback value)
        String values =
            FLAGS.get(o.longestName()) ? " " + String.join(" ", o.originalStringValues()) : "";
        out.add(
            "warning: ignoring "
                + o.longestName()
                + values
                + " (a consul agent flag for a feature this server does not have)");
      }
    }
    return out;
  }
}
