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

import io.nativemesh.core.GoDuration;
import io.nativemesh.core.InvalidConfigurationException;
import io.nativemesh.server.DefaultIntentionPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * The flags of {@code nativemesh-server agent}, declared for picocli with Consul's single-dash
 * spellings ({@code -data-dir}, {@code -http-port}...). A field left null was not given, so a value
 * from a configuration file stays. Values are converted and checked here (port range, Go duration,
 * allow/deny, Go booleans); combinations are checked by {@link io.nativemesh.server.ServerConfig}.
 * One instance per parse; not thread-safe.
 */
@Command(
    name = "agent",
    sortOptions = false,
    usageHelpWidth = 100,
    header = "Runs the companion server, in the manner of 'consul agent'.",
    customSynopsis = "nativemesh-server agent (-dev | -data-dir <dir>) [options]",
    description = {
      "",
      "Configuration files are read first, in the order given; flags are applied after them and win.",
      "'--flag' is the same as '-flag', and '-flag=value' the same as '-flag value'.",
      ""
    },
    optionListHeading = "Options:%n")
final class AgentFlags {
  /** A {@code -config-file} or {@code -config-dir} argument, in command-line order. */
  record ConfigSource(Path path, boolean directory) {}

  @Option(
      names = "-dev",
      order = 1,
      arity = "0..1",
      fallbackValue = "true",
      paramLabel = "<bool>",
      converter = GoBool.class,
      description = "development mode (in-memory state unless -data-dir is given)")
  boolean dev;

  @Option(
      names = "-enable-script-checks",
      order = 40,
      arity = "0..1",
      fallbackValue = "true",
      paramLabel = "<bool>",
      converter = GoBool.class,
      description = "run script checks (Args) registered through the HTTP API")
  Boolean enableScriptChecks;

  @Option(
      names = "-enable-local-script-checks",
      order = 41,
      arity = "0..1",
      fallbackValue = "true",
      paramLabel = "<bool>",
      converter = GoBool.class,
      description = "run script checks of this agent (see docs/consul-api.md, \"Check types\")")
  Boolean enableLocalScriptChecks;

  @Option(
      names = "-data-dir",
      order = 2,
      paramLabel = "<dir>",
      description = "durable state directory (required outside dev mode)")
  Path dataDir;

  /** Both flags feed one list: Consul reads files and directories in the order they are given. */
  final List<ConfigSource> configSources = new ArrayList<>();

  @Option(
      names = "-client",
      order = 5,
      paramLabel = "<addr>",
      description = "HTTP bind address (default 127.0.0.1)")
  String client;

  @Option(
      names = "-http-port",
      order = 6,
      paramLabel = "<port>",
      converter = Port.class,
      description = "HTTP port (default 8500; 0 = ephemeral)")
  Integer httpPort;

  @Option(
      names = "-bind",
      order = 7,
      paramLabel = "<addr>",
      description = "cluster address: -server binds its replication port here (default 127.0.0.1)")
  String bind;

  @Option(
      names = "-datacenter",
      order = 8,
      paramLabel = "<name>",
      description = "datacenter (default dc1)")
  String datacenter;

  @Option(
      names = "-node",
      order = 9,
      paramLabel = "<name>",
      description = "node name (default: host name)")
  String node;

  @Option(
      names = "-default-intention-policy",
      order = 10,
      paramLabel = "<policy>",
      converter = Policy.class,
      description = "allow|deny when no intention matches (dev default: allow)")
  DefaultIntentionPolicy defaultIntentionPolicy;

  @Option(
      names = "-leaf-cert-ttl",
      order = 11,
      paramLabel = "<duration>",
      converter = GoDurationValue.class,
      description = "leaf certificate TTL, Go duration (default 72h; dev mode accepts seconds)")
  Duration leafCertTtl;

  @Option(
      names = "-allow-short-leaf-cert-ttl",
      order = 11,
      description =
          "accept a leaf TTL from 1s outside dev mode, for tests and demos (Consul's minimum: 1h)")
  boolean allowShortLeafCertTtl;

  @Option(
      names = {"-h", "-help", "--help"},
      order = 12,
      usageHelp = true,
      description = "show this help and exit")
  boolean help;

  @Option(
      names = "-config-file",
      order = 3,
      paramLabel = "<file>",
      description = "agent configuration, JSON or HCL (.hcl); repeatable")
  void configFile(Path file) {
    configSources.add(new ConfigSource(file, false));
  }

  @Option(
      names = "-config-dir",
      order = 4,
      paramLabel = "<dir>",
      description =
          "directory of .json and .hcl configuration files, read in lexical order; repeatable")
  void configDir(Path dir) {
    configSources.add(new ConfigSource(dir, true));
  }

  /** Server-cluster flags (docs/cluster.md); {@code -server} turns the others on. */
  @Option(names = "-server", order = 20, description = "one server of a Raft cluster")
  boolean server;

  @Option(
      names = "-bootstrap-expect",
      order = 21,
      paramLabel = "<n>",
      description =
          "servers of a new cluster, this one plus each -retry-join (default: none, join the"
              + " running cluster at -retry-join)")
  Integer bootstrapExpect;

  @Option(
      names = "-retry-join",
      order = 22,
      paramLabel = "<host:port>",
      description = "another server's replication address (its -server-port); repeatable")
  List<String> retryJoin = new ArrayList<>();

  @Option(
      names = "-server-port",
      order = 23,
      paramLabel = "<port>",
      converter = Port.class,
      description = "replication (Raft) port (default 8300)")
  Integer serverPort;

  @Option(
      names = "-raft-election-timeout",
      order = 24,
      paramLabel = "<duration>",
      converter = GoDurationValue.class,
      description =
          "Raft election timeout: each round of a follower's election timer is randomized"
              + " between half of it and it, so a leader's loss is noticed within twice it"
              + " (default 1s)")
  Duration electionTimeout;

  /** Go's {@code strconv.ParseBool}, which Consul's boolean flags use. */
  static final class GoBool implements ITypeConverter<Boolean> {
    @Override
    public Boolean convert(String value) {
      return switch (value) {
        case "1", "t", "T", "true", "TRUE", "True" -> true;
        case "0", "f", "F", "false", "FALSE", "False" -> false;
        default -> throw new TypeConversionException("\"" + value + "\" must be true or false");
      };
    }
  }

  /** A TCP port, 0..65535. */
  static final class Port implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      try {
        int port = Integer.parseInt(value);
        if (port >= 0 && port <= 65535) {
          return port;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new TypeConversionException("\"" + value + "\" must be a port number 0..65535");
    }
  }

  /** {@code allow} or {@code deny}, any case. */
  static final class Policy implements ITypeConverter<DefaultIntentionPolicy> {
    @Override
    public DefaultIntentionPolicy convert(String value) {
      try {
        return DefaultIntentionPolicy.parse(value);
      } catch (InvalidConfigurationException e) {
        throw new TypeConversionException("\"" + value + "\" must be 'allow' or 'deny'");
      }
    }
  }

  /** A Go duration ({@link GoDuration}). */
  static final class GoDurationValue implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      try {
        return GoDuration.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(
            "\""
                + value
                + "\" must be a Go duration such as 30s, 1h or 72h ("
                + e.getMessage()
                + ")");
      }
    }
  }
}
