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

import io.nativemesh.core.InvalidConfigurationException;
import io.nativemesh.server.ClusterConfig;
import io.nativemesh.server.ServerConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Parses {@code nativemesh-server} command lines with picocli, in Consul's (Go {@code flag}) style:
 * {@code agent -flag value}, {@code -flag=value}, {@code --flag} (two dashes are the same as one,
 * as in Go), Go booleans ({@code -dev}, {@code -dev=false}); a repeated flag keeps its last value,
 * as in Go. The flags are {@link AgentFlags}; {@code consul agent} flags for features this server
 * does not have are accepted with a warning ({@link IgnoredConsulFlags}); any other flag is a usage
 * error naming it. Configuration files ({@code -config-file}, {@code -config-dir}, in command-line
 * order) are applied first, flags after them. Stateless and thread-safe (a new picocli model per
 * call).
 */
public final class AgentCommandLine {
  private static final int USAGE_WIDTH = 100;
  private static final int LONG_OPTIONS_WIDTH = 36;

  private AgentCommandLine() {}

  /**
   * The parse result.
   *
   * @param config the configuration, null when help was requested
   * @param warnings warnings to print (ignored Consul flags, ignored configuration-file keys)
   * @param helpText the help to print when help was requested ({@code -h}, {@code -help}, {@code
   *     --help}, {@code help}), else null
   */
  public record Parsed(ServerConfig config, List<String> warnings, String helpText) {
    /**
     * @return true when help was requested
     */
    public boolean help() {
      return helpText != null;
    }
  }

  /** The top-level command: its only subcommand is {@code agent}. */
  @Command(
      name = "nativemesh-server",
      usageHelpWidth = USAGE_WIDTH,
      customSynopsis = "nativemesh-server <command> [options]",
      description = {"", "A companion server speaking Consul's HTTP API.", ""},
      commandListHeading = "Commands:%n",
      footer = {"", "Run 'nativemesh-server agent -help' for the agent's flags."})
  static final class Top {
    @Option(
        names = {"-h", "-help", "--help"},
        usageHelp = true,
        description = "show this help and exit")
    boolean help;
  }

  /**
   * @return the help of the {@code agent} command (its flags)
   */
  public static String agentUsage() {
    return agentCommand(new AgentFlags()).getUsageMessage(Help.Ansi.OFF);
  }

  /**
   * @param args the command line, starting with the command ({@code agent})
   * @param clock the clock for the configuration
   * @return the parse result
   * @throws UsageException for a command line that does not parse (unknown command or flag, a flag
   *     without its value, a value of the wrong form, neither {@code -dev} nor {@code -data-dir}),
   *     naming the flag and value
   * @throws InvalidConfigurationException for an invalid configuration (a configuration file that
   *     cannot be read, an invalid key in it, a value {@link ServerConfig} rejects), naming the
   *     file, key or flag
   */
  public static Parsed parse(String[] args, Clock clock) {
    AgentFlags flags = new AgentFlags();
    CommandLine agent = agentCommand(flags);
    CommandLine top = configure(new CommandLine(new Top())).addSubcommand(agent);
    if (args.length == 0) {
      throw new UsageException("missing command (the command is 'agent')", usage(top));
    }
    if (args[0].equals("help")) {
      return new Parsed(
          null, List.of(), args.length > 1 && args[1].equals("agent") ? usage(agent) : usage(top));
    }
    if (!args[0].startsWith("-") && !args[0].equals("agent")) {
      throw new UsageException(
          "unknown command '" + args[0] + "' (the command is 'agent')", usage(top));
    }
    ParseResult parsed;
    try {
      parsed = top.parseArgs(twoDashesAsOne(args, agent.getCommandSpec().optionsMap().keySet()));
    } catch (UnmatchedArgumentException e) {
      List<String> suggestions = e.getSuggestions();
      throw new UsageException(
          e.getMessage()
              + (suggestions.isEmpty()
                  ? ""
                  : " (did you mean " + String.join(" or ", suggestions) + "?)"),
          usage(e.getCommandLine()));
    } catch (ParameterException e) {
      throw new UsageException(e.getMessage(), usage(e.getCommandLine()));
    }
    if (top.isUsageHelpRequested()) {
      return new Parsed(null, List.of(), usage(top));
    }
    if (!parsed.hasSubcommand()) {
      throw new UsageException("missing command (the command is 'agent')", usage(top));
    }
    if (agent.isUsageHelpRequested()) {
      return new Parsed(null, List.of(), usage(agent));
    }
    List<String> warnings = new ArrayList<>(IgnoredConsulFlags.warnings(parsed.subcommand()));
    ServerConfig.Builder b = ServerConfig.builder().clock(clock);
    // Consul: configuration files first, then command-line flags, which win
    for (AgentFlags.ConfigSource source : flags.configSources) {
      for (Path file :
          source.directory() ? ConfigFiles.listDir(source.path()) : List.of(source.path())) {
        ConfigFiles.apply(file, b, warnings);
      }
    }
    apply(flags, b);
    try {
      return new Parsed(b.build(), warnings, null);
    } catch (InvalidConfigurationException e) {
      if (!flags.dev && flags.dataDir == null && e.getMessage().contains("data directory")) {
        throw new UsageException(
            "either -dev (in-memory state) or -data-dir <dir> (durable state) is required",
            usage(agent));
      }
      throw e;
    }
  }

  private static void apply(AgentFlags f, ServerConfig.Builder b) {
    b.dev(f.dev);
    ifGiven(f.dataDir, b::dataDir);
    ifGiven(f.client, b::bindAddress);
    ifGiven(f.httpPort, b::httpPort);
    // f.bind: the cluster address, used by -server for the replication port
    ifGiven(f.datacenter, b::datacenter);
    ifGiven(f.node, b::nodeName);
    ifGiven(f.defaultIntentionPolicy, b::defaultIntentionPolicy);
    ifGiven(f.leafCertTtl, b::leafCertTtl);
    b.allowShortLeafCertTtl(f.allowShortLeafCertTtl);
    ifGiven(f.enableScriptChecks, b::enableScriptChecks);
    ifGiven(f.enableLocalScriptChecks, b::enableLocalScriptChecks);
    if (f.server) {
      b.cluster(cluster(f));
    }
  }

  /** {@code -server} and its flags as cluster settings (docs/cluster.md). */
  private static ClusterConfig cluster(AgentFlags f) {
    String host = f.bind == null || f.bind.equals("0.0.0.0") ? "127.0.0.1" : f.bind;
    int port = f.serverPort == null ? ClusterConfig.DEFAULT_SERVER_PORT : f.serverPort;
    ClusterConfig c =
        ClusterConfig.of(
            f.bootstrapExpect == null ? 0 : f.bootstrapExpect, host, port, f.retryJoin);
    return f.electionTimeout == null
        ? c
        : c.withElectionTimeout(f.electionTimeout.dividedBy(2), f.electionTimeout);
  }

  private static <T> void ifGiven(T flagValue, Consumer<T> setter) {
    if (flagValue != null) {
      setter.accept(flagValue);
    }
  }

  private static CommandLine agentCommand(AgentFlags flags) {
    CommandLine agent = configure(new CommandLine(flags));
    IgnoredConsulFlags.addTo(agent.getCommandSpec());
    return agent;
  }

  private static CommandLine configure(CommandLine c) {
    return c.setOverwrittenOptionsAllowed(true) // Go: a repeated flag keeps its last value
        .setPosixClusteredShortOptionsAllowed(false) // "-htp-port" must not read as "-h tp-port"
        .setExpandAtFiles(false) // "@file" is a value, not a file of arguments
        .setUsageHelpLongOptionsMaxWidth(LONG_OPTIONS_WIDTH);
  }

  /**
   * Go's flag package treats {@code --name} as {@code -name}; picocli would name the two-dash alias
   * in its messages, so a two-dash spelling of a known flag is rewritten before parsing instead.
   */
  private static String[] twoDashesAsOne(String[] args, Set<String> known) {
    String[] out = args.clone();
    for (int i = 1; i < out.length; i++) {
      String a = out[i];
      if (a.startsWith("--") && a.length() > 2) {
        int eq = a.indexOf('=');
        String name = eq < 0 ? a : a.substring(0, eq);
        if (!known.contains(name) && known.contains(name.substring(1))) {
          out[i] = a.substring(1);
        }
      }
    }
    return out;
  }

  private static String usage(CommandLine c) {
    return c.getUsageMessage(Help.Ansi.OFF);
  }
}
