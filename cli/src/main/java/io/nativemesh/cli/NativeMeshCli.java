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
package io.nativemesh.cli;

import io.nativemesh.cli.internal.CaRootsCommand;
import io.nativemesh.cli.internal.CertInspect;
import io.nativemesh.cli.internal.GlobalOptions;
import io.nativemesh.cli.internal.IntentionCheck;
import io.nativemesh.cli.internal.MeshCommand;
import io.nativemesh.cli.internal.TroubleshootCluster;
import io.nativemesh.cli.internal.TroubleshootService;
import io.nativemesh.cli.internal.TroubleshootUpstream;
import io.nativemesh.core.NativeMeshVersion;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code nativemesh} command line ({@code java -jar nativemesh.jar ...}):
 *
 * <ul>
 *   <li>{@code troubleshoot upstream SOURCE DESTINATION}
 *   <li>{@code troubleshoot service NAME}
 *   <li>{@code troubleshoot cluster}
 *   <li>{@code cert inspect FILE|HOST:PORT}
 *   <li>{@code intention check SOURCE DESTINATION [-l7 METHOD PATH [HEADER=VALUE...]]}
 *   <li>{@code ca roots}
 * </ul>
 *
 * <p>Every command takes {@code -http-addr}, {@code -token}, {@code -ca-file} (defaults: {@code
 * CONSUL_HTTP_ADDR}, {@code CONSUL_HTTP_TOKEN}, {@code CONSUL_CACERT}) and {@code -format=json}.
 * Exit status: 0 no problem found, 1 a problem found (a ✗ step), 2 the command could not run.
 *
 * @since 0.1.0
 */
public final class NativeMeshCli {
  private NativeMeshCli() {}

  @Command(
      name = "nativemesh",
      mixinStandardHelpOptions = true,
      versionProvider = Version.class,
      description = "Troubleshoot a NativeMesh / Consul Connect-native mesh.",
      subcommands = {Troubleshoot.class, Cert.class, Intention.class, Ca.class})
  static final class Root {}

  @Command(
      name = "troubleshoot",
      mixinStandardHelpOptions = true,
      description = "Diagnose a path or a service.",
      subcommands = {
        TroubleshootUpstream.class,
        TroubleshootService.class,
        TroubleshootCluster.class
      })
  static final class Troubleshoot {}

  @Command(
      name = "cert",
      mixinStandardHelpOptions = true,
      description = "Certificates.",
      subcommands = {CertInspect.class})
  static final class Cert {}

  @Command(
      name = "intention",
      mixinStandardHelpOptions = true,
      description = "Intentions.",
      subcommands = {IntentionCheck.class})
  static final class Intention {}

  @Command(
      name = "ca",
      mixinStandardHelpOptions = true,
      description = "The Connect CA.",
      subcommands = {CaRootsCommand.class})
  static final class Ca {}

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"nativemesh " + NativeMeshVersion.current().version()};
    }
  }

  /**
   * Runs a command line.
   *
   * @param args the arguments
   * @param out standard output
   * @param err standard error
   * @param env the environment ({@code CONSUL_HTTP_ADDR}, {@code CONSUL_HTTP_TOKEN}, {@code
   *     CONSUL_CACERT}, {@code CONSUL_HTTP_SSL})
   * @return the exit status: 0 no problem, 1 a problem found, 2 error or usage
   */
  public static int run(String[] args, PrintWriter out, PrintWriter err, Map<String, String> env) {
    CommandLine cl = new CommandLine(new Root());
    cl.setOut(out);
    cl.setErr(err);
    cl.setDefaultValueProvider(GlobalOptions.defaults(env));
    cl.setExecutionExceptionHandler(
        (ex, line, parsed) -> {
          line.getErr().println("error: " + ex.getMessage());
          return MeshCommand.ERROR;
        });
    int code = cl.execute(globalOptionsLast(args));
    // picocli's usage-error status is 2, the same as ours for "could not run"
    out.flush();
    err.flush();
    return code;
  }

  private static final Set<String> GLOBAL_WITH_VALUE =
      Set.of(
          "-http-addr",
          "--http-addr",
          "-token",
          "--token",
          "-ca-file",
          "--ca-file",
          "-format",
          "--format",
          "-probe-wait",
          "--probe-wait");

  /**
   * Consul's CLI takes its options before the command ({@code consul -http-addr X intention
   * check}); the options belong to the commands here, so leading ones move to the end.
   */
  static String[] globalOptionsLast(String[] args) {
    List<String> lead = new ArrayList<>();
    int i = 0;
    while (i < args.length && args[i].startsWith("-")) {
      String a = args[i];
      int eq = a.indexOf('=');
      if (!GLOBAL_WITH_VALUE.contains(eq < 0 ? a : a.substring(0, eq))) {
        break;
      }
      lead.add(a);
      i++;
      if (eq < 0 && i < args.length) {
        lead.add(args[i]);
        i++;
      }
    }
    if (lead.isEmpty()) {
      return args;
    }
    List<String> out = new ArrayList<>(Arrays.asList(args).subList(i, args.length));
    out.addAll(lead);
    return out.toArray(String[]::new);
  }

  /**
   * @param args the command line
   */
  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    System.exit(run(args, out, err, System.getenv()));
  }
}
