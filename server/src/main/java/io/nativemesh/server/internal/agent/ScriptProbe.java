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

import io.nativemesh.core.model.HealthCheck;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;

/**
 * One run of a script check (Consul: {@code CheckMonitor}): the {@code Args} run as a process
 * without a shell, with the server's environment and working directory; exit code 0 → passing, 1 →
 * warning, anything else → critical; stdout and stderr together are the output, truncated to its
 * last 4 KB as Consul does; past the timeout the process and its descendants are killed and the
 * check is critical. No thread waits: the output goes to a temporary file, {@link Process#onExit()}
 * completes the run. Stateless and thread-safe.
 */
final class ScriptProbe {
  /** Consul's {@code BufSize} default: the output keeps the last 4 KB. */
  static final int MAX_OUTPUT = 4096;

  private ScriptProbe() {}

  /**
   * @param args the command and its arguments
   * @param timeout kill the process after this long
   * @param timers the shared scheduler (for the timeout)
   * @param done receives (status, output)
   */
  static void run(
      List<String> args,
      Duration timeout,
      ScheduledExecutorService timers,
      BiConsumer<String, String> done) {
    File out;
    Process p;
    try {
      out = File.createTempFile("nativemesh-check", ".out");
      p =
          new ProcessBuilder(args)
              .redirectErrorStream(true)
              .redirectOutput(out)
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .start();
    } catch (IOException | RuntimeException e) {
      done.accept(HealthCheck.CRITICAL, "Check failed to start: " + e.getMessage());
      return;
    }
    AtomicBoolean timedOut = new AtomicBoolean();
    ScheduledFuture<?> killer =
        timers.schedule(
            () -> {
              timedOut.set(true);
              p.descendants().forEach(ProcessHandle::destroyForcibly);
              p.destroyForcibly();
            },
            timeout.toNanos(),
            TimeUnit.NANOSECONDS);
    p.onExit()
        .whenComplete(
            (proc, err) -> {
              killer.cancel(false);
              String output = tail(out);
              if (!out.delete()) {
                out.deleteOnExit();
              }
              if (timedOut.get()) {
                done.accept(
                    HealthCheck.CRITICAL,
                    "Timed out ("
                        + io.nativemesh.core.GoDuration.format(timeout)
                        + ") running check");
                return;
              }
              int code = p.exitValue();
              String status =
                  code == 0
                      ? HealthCheck.PASSING
                      : code == 1 ? HealthCheck.WARNING : HealthCheck.CRITICAL;
              done.accept(status, output);
            });
  }

  private static String tail(File f) {
    try (InputStream in = Files.newInputStream(f.toPath())) {
      long size = f.length();
      if (size > MAX_OUTPUT) {
        in.skipNBytes(size - MAX_OUTPUT);
      }
      return new String(in.readNBytes(MAX_OUTPUT), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
