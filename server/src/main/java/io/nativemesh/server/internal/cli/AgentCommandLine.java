package io.nativemesh.server.internal.cli;

import io.nativemesh.core.GoDuration;
import io.nativemesh.core.InvalidConfigurationException;
import io.nativemesh.server.DefaultIntentionPolicy;
import io.nativemesh.server.ServerConfig;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Parses {@code agent} command lines in Consul's (Go {@code flag}) style: {@code -flag value},
 * {@code -flag=value} and {@code --flag}; boolean flags take no separate value ({@code -dev},
 * {@code -dev=false}). Unknown flags produce a warning and are ignored (a following non-flag token is
 * taken as their value). Stateless and thread-safe.
 */
public final class AgentCommandLine {
  /** Usage text. */
  public static final String USAGE = String.join("\n",
      "Usage: nativemesh-server agent (-dev | -data-dir <dir>) [options]",
      "",
      "  -dev                               development mode (in-memory state unless -data-dir is given)",
      "  -data-dir <dir>                    durable state directory (required outside dev mode)",
      "  -config-file <file>                agent configuration, JSON or HCL (.hcl) (repeatable)",
      "  -config-dir <dir>                  directory of .json and .hcl configuration files (repeatable)",
      "  -bind <addr>                       cluster address (accepted; no cluster port is opened)",
      "  -client <addr>                     HTTP bind address (default 127.0.0.1)",
      "  -http-port <port>                  HTTP port (default 8500; 0 = ephemeral)",
      "  -datacenter <name>                 datacenter (default dc1)",
      "  -node <name>                       node name (default: host name)",
      "  -default-intention-policy <p>      allow|deny when no intention matches (dev default: allow)",
      "  -leaf-cert-ttl <duration>          leaf certificate TTL, Go duration (default 72h; dev mode accepts seconds)");
  private static final Set<String> BOOLEAN_FLAGS = Set.of("dev");

  private AgentCommandLine() {}

  /**
   * The parse result.
   *
   * @param config the configuration, null when {@code help} is set
   * @param warnings warnings to print (unknown flags)
   * @param help true when help was requested
   */
  public record Parsed(ServerConfig config, List<String> warnings, boolean help) {}

  /**
   * @param args the command line, starting with the command ({@code agent})
   * @param clock the clock for the configuration
   * @return the parse result
   * @throws InvalidConfigurationException naming the flag and value for anything invalid
   */
  public static Parsed parse(String[] args, Clock clock) {
    List<String> warnings = new ArrayList<>();
    if (args.length == 0) {
      throw new InvalidConfigurationException("missing command\n" + USAGE);
    }
    if (isHelp(args[0])) {
      return new Parsed(null, warnings, true);
    }
    if (!args[0].equals("agent")) {
      throw new InvalidConfigurationException("unknown command '" + args[0] + "'\n" + USAGE);
    }
    ServerConfig.Builder b = ServerConfig.builder().clock(clock);
    boolean dev = false;
    boolean dataDir = false;
    List<String[]> flagValues = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      String arg = args[i];
      if (isHelp(arg)) {
        return new Parsed(null, warnings, true);
      }
      if (!arg.startsWith("-") || arg.equals("-") || arg.equals("--")) {
        throw new InvalidConfigurationException("unexpected argument '" + arg + "'\n" + USAGE);
      }
      String body = arg.startsWith("--") ? arg.substring(2) : arg.substring(1);
      int eq = body.indexOf('=');
      String name = eq < 0 ? body : body.substring(0, eq);
      String value = eq < 0 ? null : body.substring(eq + 1);
      if (BOOLEAN_FLAGS.contains(name)) {
        dev = parseBool(name, value);
        continue;
      }
      boolean known = KNOWN.contains(name);
      if (value == null) {
        if (i + 1 < args.length && (known || !args[i + 1].startsWith("-"))) {
          value = args[++i];
        } else if (known) {
          throw new InvalidConfigurationException("flag needs an argument: -" + name);
        }
      }
      if (!known) {
        warnings.add("warning: ignoring unknown flag -" + name + (value == null ? "" : " (value '" + value + "')"));
        continue;
      }
      flagValues.add(new String[] {name, value});
    }
    // Consul: configuration files first, then command-line flags, which win
    for (String[] f : flagValues) {
      if (f[0].equals("config-file")) {
        ConfigFiles.apply(java.nio.file.Path.of(f[1]), b, warnings);
      } else if (f[0].equals("config-dir")) {
        for (java.nio.file.Path p : ConfigFiles.listDir(java.nio.file.Path.of(f[1]))) {
          ConfigFiles.apply(p, b, warnings);
        }
      }
    }
    for (String[] f : flagValues) {
      dataDir |= f[0].equals("data-dir");
      apply(b, f[0], f[1]);
    }
    ServerConfig probe;
    try {
      probe = b.dev(dev).build();
    } catch (InvalidConfigurationException e) {
      if (!dev && !dataDir && e.getMessage().contains("data directory")) {
        throw new InvalidConfigurationException("either -dev (in-memory state) or -data-dir <dir> (durable state) is required");
      }
      throw e;
    }
    return new Parsed(probe, warnings, false);
  }

  private static final Set<String> KNOWN = Set.of("client", "http-port", "datacenter", "node", "default-intention-policy",
      "leaf-cert-ttl", "data-dir", "config-file", "config-dir", "bind");

  private static void apply(ServerConfig.Builder b, String name, String value) {
    switch (name) {
      case "client" -> b.bindAddress(value);
      case "data-dir" -> b.dataDir(java.nio.file.Path.of(value));
      case "config-file", "config-dir" -> { }
      case "bind" -> { }  // the cluster address: there is no cluster port to bind
      case "http-port" -> {
        int port;
        try {
          port = Integer.parseInt(value);
        } catch (NumberFormatException e) {
          throw invalid(name, value, "must be a port number 0..65535");
        }
        if (port < 0 || port > 65535) {
          throw invalid(name, value, "must be a port number 0..65535");
        }
        b.httpPort(port);
      }
      case "datacenter" -> b.datacenter(value);
      case "node" -> b.nodeName(value);
      case "default-intention-policy" -> {
        try {
          b.defaultIntentionPolicy(DefaultIntentionPolicy.parse(value));
        } catch (InvalidConfigurationException e) {
          throw invalid(name, value, "must be 'allow' or 'deny'");
        }
      }
      case "leaf-cert-ttl" -> {
        try {
          b.leafCertTtl(GoDuration.parse(value));
        } catch (IllegalArgumentException e) {
          throw invalid(name, value, "must be a Go duration such as 30s, 1h or 72h (" + e.getMessage() + ")");
        }
      }
      default -> throw new IllegalStateException("unhandled flag " + name);
    }
  }

  private static boolean parseBool(String name, String value) {
    if (value == null) {
      return true;
    }
    return switch (value) {
      case "1", "t", "T", "true", "TRUE", "True" -> true;
      case "0", "f", "F", "false", "FALSE", "False" -> false;
      default -> throw invalid(name, value, "must be true or false");
    };
  }

  private static InvalidConfigurationException invalid(String name, String value, String why) {
    return new InvalidConfigurationException("invalid value \"" + value + "\" for flag -" + name + ": " + why);
  }

  private static boolean isHelp(String arg) {
    return arg.equals("-h") || arg.equals("-help") || arg.equals("--help") || arg.equals("help");
  }
}
