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
package io.nativemesh.bench;

import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The benchmark harnesses' command lines, parsed by picocli into each harness's {@code @Command}
 * options class: {@code key=value} options ({@code conns=1,16 rounds=3}, picocli options whose
 * names have no dash) or positional arguments ({@code ServerBench watchers 8}). {@code -h}/{@code
 * --help} prints the options; an unknown option or a malformed value prints an error naming it,
 * then the usage, and exits with status 2. Stateless and thread-safe.
 */
final class BenchArgs {
  private BenchArgs() {}

  /**
   * The options of the harnesses that measure rounds of cases over connection counts ({@code
   * conns=1,16 rounds=3 warmup=1 seconds=4}), mixed into their {@code @Command} with their own
   * defaults.
   */
  static final class Rounds {
    @Option(
        names = "conns",
        split = ",",
        paramLabel = "N",
        description = "connection counts, comma-separated (default: 1,16)")
    int[] conns;

    @Option(
        names = "rounds",
        paramLabel = "N",
        description = "measurement rounds (default: ${DEFAULT-VALUE})")
    int rounds;

    @Option(
        names = "warmup",
        paramLabel = "SECONDS",
        description = "warm-up per case and round (default: ${DEFAULT-VALUE})")
    long warmupSeconds;

    @Option(
        names = "seconds",
        paramLabel = "SECONDS",
        description = "measurement per case and round (default: ${DEFAULT-VALUE})")
    long seconds;

    Rounds(int[] conns, int rounds, long warmupSeconds, long seconds) {
      this.conns = conns;
      this.rounds = rounds;
      this.warmupSeconds = warmupSeconds;
      this.seconds = seconds;
    }
  }

  /**
   * Parses, or exits: 0 after printing help, 2 after printing a usage error.
   *
   * @param options the harness's {@code @Command} options object, filled in
   * @param args the command line
   * @param <T> the options type
   * @return {@code options}
   */
  static <T> T parseOrExit(T options, String[] args) {
    CommandLine c = commandLine(options);
    try {
      c.parseArgs(args);
    } catch (ParameterException e) {
      System.err.println("error: " + e.getMessage());
      e.getCommandLine().usage(System.err);
      System.exit(2);
    }
    if (c.isUsageHelpRequested()) {
      c.usage(System.out);
      System.exit(0);
    }
    return options;
  }

  /**
   * @param options the {@code @Command} options object
   * @return a picocli command line over it, as {@link #parseOrExit} uses it
   */
  static CommandLine commandLine(Object options) {
    return new CommandLine(options)
        .setExpandAtFiles(false)
        .setPosixClusteredShortOptionsAllowed(false)
        .setOverwrittenOptionsAllowed(true);
  }
}
