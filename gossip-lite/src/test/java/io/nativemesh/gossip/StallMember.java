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
package io.nativemesh.gossip;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * One gossip-lite member in its own JVM, for {@link StallBenchmarkIT}: the benchmark SIGSTOPs this
 * process by PID. Usage: {@code StallMember NAME SEED_HOST:PORT PROFILE RUN_FOR_SEC}. Prints JSON
 * lines on stdout like the Go peer ({@code ready}, {@code event} with kind join/update/leave/ fail,
 * {@code members} with {@code count} every second); exits when stdin closes or after RUN_FOR_SEC
 * (bounded, so an orphaned child cannot outlive the benchmark for long).
 */
public final class StallMember {
  private StallMember() {}

  /**
   * Entry point.
   *
   * @param args name, seed address, profile (LAN/WAN/LOCAL), run-for seconds
   */
  public static void main(String[] args) throws Exception {
    String name = args[0];
    String seed = args[1];
    Profile profile = Profile.valueOf(args[2]);
    long runForSec = Long.parseLong(args[3]);
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    GossipListener l =
        new GossipListener() {
          @Override
          public void onJoin(Member m) {
            event(out, name, "join", m.name());
          }

          @Override
          public void onUpdate(Member m) {
            event(out, name, "update", m.name());
          }

          @Override
          public void onFail(Member m) {
            event(out, name, "fail", m.name());
          }

          @Override
          public void onLeave(Member m) {
            event(out, name, "leave", m.name());
          }
        };
    GossipPool p =
        GossipPool.start(
            GossipConfig.builder(name).bind("127.0.0.1", 0).profile(profile).seeds(seed).build(),
            l);
    try {
      line(
          out,
          String.format(
              Locale.ROOT,
              "{\"t\":\"ready\",\"self\":\"%s\",\"addr\":\"%s\",\"ts\":%d}",
              name,
              p.address(),
              System.currentTimeMillis()));
      Thread stdinWatch =
          new Thread(
              () -> {
                try {
                  while (System.in.read() >= 0) {
                    // drain until EOF
                  }
                } catch (IOException e) {
                  // parent gone
                }
              },
              "stdin-watch");
      stdinWatch.setDaemon(true);
      stdinWatch.start();
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(runForSec);
      while (System.nanoTime() < end && stdinWatch.isAlive()) {
        line(
            out,
            String.format(
                Locale.ROOT,
                "{\"t\":\"members\",\"self\":\"%s\",\"count\":%d,\"ts\":%d}",
                name,
                p.members().size(),
                System.currentTimeMillis()));
        Thread.sleep(1000);
      }
    } finally {
      p.shutdown();
    }
    System.exit(0);
  }

  private static void event(PrintStream out, String self, String kind, String node) {
    line(
        out,
        String.format(
            Locale.ROOT,
            "{\"t\":\"event\",\"self\":\"%s\",\"kind\":\"%s\",\"node\":\"%s\",\"ts\":%d}",
            self,
            kind,
            node,
            System.currentTimeMillis()));
  }

  private static synchronized void line(PrintStream out, String s) {
    out.println(s);
  }
}
