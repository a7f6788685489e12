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
package io.nativemesh.samples.greeter;

import io.nativemesh.MeshService;
import io.nativemesh.consul.ConsulClient;
import io.nativemesh.core.GoDuration;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import picocli.CommandLine;

/** Shared start-up of the sample services: the command line, the mesh service, rotation logging. */
public final class Sample {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

  private Sample() {}

  /**
   * Runs a sample's command (picocli): {@code -help} prints its flags and returns 0; an unknown
   * flag or a malformed value prints an error naming it and returns 2; {@code --flag} is the same
   * as {@code -flag}.
   *
   * @param command the {@code @Command} object
   * @param args the command line
   * @return the exit status
   */
  public static int execute(Object command, String[] args) {
    return commandLine(command).execute(oneDash(args));
  }

  /**
   * {@code --flag} is accepted as {@code -flag} (Go's flag package, which the samples' flags
   * follow).
   */
  public static String[] oneDash(String[] args) {
    return Arrays.stream(args)
        .map(a -> a.startsWith("--") && a.length() > 2 ? a.substring(1) : a)
        .toArray(String[]::new);
  }

  /**
   * @param command the {@code @Command} object
   * @return a picocli command line over it, as {@link #execute} uses it; durations are Go durations
   *     ({@code 30s}, {@code 1m30s})
   */
  public static CommandLine commandLine(Object command) {
    return new CommandLine(command)
        .setExpandAtFiles(false)
        .setPosixClusteredShortOptionsAllowed(false)
        .setOverwrittenOptionsAllowed(true)
        .registerConverter(Duration.class, GoDuration::parse);
  }

  /** Builds the mesh service and prints every leaf rotation. */
  static MeshService mesh(String service, String instance, ConsulClient consul) {
    MeshService mesh =
        MeshService.builder(service).consul(consul).checkTtl(Duration.ofSeconds(5)).build();
    mesh.addStateListener(
        (prev, now) -> {
          if (prev == null || prev.generation() != now.generation()) {
            System.out.printf(
                "[%s] %s certificate %s serial %s expires %s (%s)%n",
                instance,
                prev == null ? "got" : "rotated",
                now.identity(),
                now.serialHex(),
                TIME.format(now.notAfter()),
                prev == null ? "first leaf" : "was serial " + prev.serialHex());
          }
        });
    return mesh;
  }
}
