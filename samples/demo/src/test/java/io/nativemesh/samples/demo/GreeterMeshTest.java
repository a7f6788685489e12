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
package io.nativemesh.samples.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nativemesh.consul.ConsulClient;
import io.nativemesh.samples.greeter.GreeterService;
import io.nativemesh.samples.greeter.IntruderClient;
import io.nativemesh.samples.greeter.WordService;
import io.nativemesh.test.NativeMeshExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The greeter mesh end to end, in one JVM but over real sockets and real mTLS: the companion
 * server, greeting, name and greeter, with seconds-long leaf TTLs so certificates rotate while
 * traffic flows.
 */
class GreeterMeshTest {
  private static final Pattern ANSWER =
      Pattern.compile(
          "From greeter-1: ("
              + String.join("|", WordService.GREETINGS)
              + ") \\(greeting-1\\) ("
              + String.join("|", WordService.NAMES)
              + ") \\(name-1\\)");

  @RegisterExtension
  NativeMeshExtension mesh =
      NativeMeshExtension.builder().leafCertTtl(Duration.ofSeconds(4)).build();

  private ConsulClient consul;
  private final List<AutoCloseable> services = new ArrayList<>();
  private WordService greeting;
  private WordService name;
  private GreeterService greeter;

  @BeforeEach
  void start() throws Exception {
    consul = mesh.mesh().client(); // closed with the mesh
    mesh.mesh().allow("greeter", "greeting");
    mesh.mesh().allow("greeter", "name");
    greeting = new WordService(consul, "greeting", "greeting-1", 0, WordService.GREETINGS);
    services.add(greeting);
    name = new WordService(consul, "name", "name-1", 0, WordService.NAMES);
    services.add(name);
    greeter = new GreeterService(consul, "greeter-1", 0);
    services.add(greeter);
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable s : services) {
      s.close();
    }
  }

  private String callGreeter(OkHttpClient http) throws Exception {
    try (Response r =
        http.newCall(new Request.Builder().url("http://127.0.0.1:" + greeter.port() + "/").build())
            .execute()) {
      String body = r.body().string();
      if (r.code() != 200) {
        throw new AssertionError("greeter answered " + r.code() + ": " + body);
      }
      return body;
    }
  }

  @Test
  void greeterAnswersThroughTheMesh() throws Exception {
    String answer = callGreeter(new OkHttpClient());
    assertTrue(ANSWER.matcher(answer).matches(), answer);
  }

  @Test
  void intruderIsRefusedInTheHandshakeWithTheDecidingRule() throws Exception {
    String byDefault = IntruderClient.tryGreeting(consul);
    assertTrue(byDefault.startsWith("refused: "), byDefault);
    assertTrue(
        byDefault.contains(
            "No intention matches intruder => greeting; default intention policy is deny"),
        byDefault);

    consul.intentions().upsertExact("intruder", "greeting", "deny", "explicitly denied");
    String explicit = IntruderClient.tryGreeting(consul);
    assertTrue(
        explicit.contains("Matched L4 intention: intruder => greeting (deny, precedence 9)"),
        explicit);
  }

  @Test
  void removingAnIntentionStopsPooledConnectionsToo() throws Exception {
    OkHttpClient http = new OkHttpClient();
    assertTrue(
        ANSWER.matcher(callGreeter(http)).matches()); // greeter now holds pooled mTLS connections
    consul.intentions().upsertExact("greeter", "greeting", "deny", "revoked");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    String last = "";
    while (System.nanoTime() < deadline) {
      try (Response r =
          http.newCall(
                  new Request.Builder().url("http://127.0.0.1:" + greeter.port() + "/").build())
              .execute()) {
        last = r.code() + " " + r.body().string();
        if (r.code() != 200) {
          break;
        }
      }
      Thread.sleep(50);
    }
    assertTrue(
        last.startsWith("502") && last.contains("greeter => greeting (deny, precedence 9)"), last);
  }

  @Test
  void zeroFailuresAcrossThreeRotationsUnderContinuousCalls() throws Exception {
    AtomicLong greetingGen = new AtomicLong(greeting.mesh().state().generation());
    AtomicLong nameGen = new AtomicLong(name.mesh().state().generation());
    AtomicLong greeterGen = new AtomicLong(greeter.mesh().state().generation());
    long g0 = greetingGen.get();
    long n0 = nameGen.get();
    long r0 = greeterGen.get();
    greeting.mesh().addStateListener((p, s) -> greetingGen.set(s.generation()));
    name.mesh().addStateListener((p, s) -> nameGen.set(s.generation()));
    greeter.mesh().addStateListener((p, s) -> greeterGen.set(s.generation()));

    OkHttpClient http = new OkHttpClient();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger ok = new AtomicInteger();
    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    ExecutorService callers = Executors.newFixedThreadPool(4);
    for (int t = 0; t < 4; t++) {
      callers.execute(
          () -> {
            while (!stop.get()) {
              try {
                String a = callGreeter(http);
                if (ANSWER.matcher(a).matches()) {
                  ok.incrementAndGet();
                } else {
                  failures.add(a);
                }
              } catch (Throwable e) {
                failures.add(e.toString());
              }
            }
          });
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline
        && (greetingGen.get() - g0 < 3 || nameGen.get() - n0 < 3 || greeterGen.get() - r0 < 3)) {
      Thread.sleep(100);
    }
    stop.set(true);
    callers.shutdown();
    assertTrue(callers.awaitTermination(30, TimeUnit.SECONDS));
    assertTrue(
        greetingGen.get() - g0 >= 3, "greeting rotated " + (greetingGen.get() - g0) + " times");
    assertTrue(nameGen.get() - n0 >= 3, "name rotated " + (nameGen.get() - n0) + " times");
    assertTrue(greeterGen.get() - r0 >= 3, "greeter rotated " + (greeterGen.get() - r0) + " times");
    assertEquals(
        List.of(), List.copyOf(failures), "failed calls (of " + (ok.get() + failures.size()) + ")");
    assertTrue(ok.get() > 50, "only " + ok.get() + " calls succeeded");
  }
}
