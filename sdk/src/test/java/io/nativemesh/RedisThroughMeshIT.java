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
package io.nativemesh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nativemesh.discovery.InboundForwarder;
import io.nativemesh.discovery.UpstreamListener;
import io.nativemesh.discovery.UpstreamPolicy;
import io.nativemesh.discovery.UpstreamTarget;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Debian's redis-server, unmodified, behind inbound forwarders; Debian's redis-cli, unmodified,
 * through an upstream listener. Real processes, real sockets on 127.0.0.1, real mTLS.
 */
class RedisThroughMeshIT {
  private Path redisServer;
  private Path redisCli;
  private final List<Process> redis = new ArrayList<>();
  private final int[] redisPorts = new int[2];
  private MeshFixture mesh;
  private MeshService app;
  private UpstreamListener listener;

  @BeforeEach
  void start() throws Exception {
    redisServer = MeshFixture.require("redis-server", "redis-server");
    redisCli = MeshFixture.require("redis-cli", "redis-tools");
    for (int i = 0; i < 2; i++) {
      redisPorts[i] = MeshFixture.freePort();
      redis.add(startRedis(redisPorts[i]));
    }
    mesh = new MeshFixture();
    mesh.consul.intentions().upsertExact("app", "redis", "allow", "test");
    MeshService redisMesh = mesh.service("redis", UpstreamPolicy.DEFAULT);
    // tag::inbound-forwarder[]
    for (int i = 0; i < 2; i++) {
      InboundForwarder in =
          mesh.track(
              redisMesh.inboundForwarder(
                  new InetSocketAddress("127.0.0.1", 0),
                  new InetSocketAddress("127.0.0.1", redisPorts[i])));
      redisMesh.register("redis-" + (i + 1), "127.0.0.1", in.port());
    }
    // end::inbound-forwarder[]
    app =
        mesh.service(
            "app",
            UpstreamPolicy.builder()
                .outlierEjection(1, Duration.ofSeconds(30), Duration.ofSeconds(60))
                .build());
    // tag::upstream-listener[]
    listener = mesh.track(app.upstreamListener("redis", 0));
    // end::upstream-listener[]
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (app.upstreams().endpoints("redis").size() < 2 && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertEquals(2, app.upstreams().endpoints("redis").size(), "both redis instances passing");
  }

  private Process startRedis(int port) throws Exception {
    Process p =
        new ProcessBuilder(
                redisServer.toString(),
                "--port",
                Integer.toString(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--protected-mode",
                "no")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      if ("PONG".equals(cli(port, "PING"))) {
        return p;
      }
      Thread.sleep(50);
    }
    p.destroyForcibly();
    throw new AssertionError("redis-server did not start on " + port);
  }

  private String cli(int port, String... args) throws IOException, InterruptedException {
    List<String> cmd =
        new ArrayList<>(
            List.of(redisCli.toString(), "-h", "127.0.0.1", "-p", Integer.toString(port)));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    if (!p.waitFor(10, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return "timeout";
    }
    return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
  }

  @AfterEach
  void stop() throws Exception {
    try {
      if (mesh != null) {
        mesh.close();
      }
    } finally {
      for (Process p : redis) {
        p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void setGetRoundTripsThroughListenerAndInboundForwarder() throws Exception {
    for (int i = 0; i < 6; i++) {
      assertEquals("OK", cli(listener.port(), "SET", "k" + i, "v" + i));
    }
    for (int port : redisPorts) {
      assertEquals(
          "3", cli(port, "DBSIZE"), "round robin: each instance got every other connection");
    }
    for (int i = 0; i < 6; i++) {
      // the cursor is back in step: GET k<i> reaches the instance SET k<i> reached
      assertEquals("v" + i, cli(listener.port(), "GET", "k" + i));
    }
    // one connection carries a multi-command session both ways (pipelined by redis-cli -r)
    String many = cli(listener.port(), "-r", "50", "INCR", "counter");
    assertTrue(many.endsWith("50"), many);
  }

  @Test
  void callerWithoutIntentionIsRefused() throws Exception {
    MeshService intruder = mesh.service("intruder", UpstreamPolicy.DEFAULT);
    UpstreamListener l = mesh.track(intruder.upstreamListener("redis", 0));
    String out = cli(l.port(), "PING");
    assertFalse(out.contains("PONG"), out);
    assertTrue(out.toLowerCase().contains("error") || out.isEmpty(), out);
    for (int port : redisPorts) {
      assertEquals("0", cli(port, "DBSIZE"));
    }
    assertEquals("PONG", cli(listener.port(), "PING"), "the allowed caller still gets through");
  }

  @Test
  void killedInstanceNoLongerReceivesConnections() throws Exception {
    assertEquals("OK", cli(listener.port(), "SET", "warm", "1"));
    redis.get(0).destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    for (int i = 0; i < 10; i++) {
      String r = cli(listener.port(), "INCR", "after-kill");
      assertEquals(Integer.toString(i + 1), r, "connection " + i + " after the kill");
    }
    assertEquals("10", cli(redisPorts[1], "GET", "after-kill"));
    assertEquals(
        1,
        app.upstreams().ejected(UpstreamTarget.of("redis")).size(),
        "the dead instance is ejected");
  }
}
