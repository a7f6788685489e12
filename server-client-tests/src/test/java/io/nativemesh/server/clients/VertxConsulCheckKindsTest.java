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
package io.nativemesh.server.clients;

import static io.nativemesh.server.clients.VertxAclFixture.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Server;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.nativemesh.server.ConsulServer;
import io.vertx.core.Vertx;
import io.vertx.ext.consul.Check;
import io.vertx.ext.consul.CheckOptions;
import io.vertx.ext.consul.CheckStatus;
import io.vertx.ext.consul.ConsulClient;
import io.vertx.ext.consul.ServiceOptions;
import io.vertx.ext.consul.policy.AclPolicy;
import io.vertx.ext.consul.token.AclToken;
import io.vertx.ext.consul.token.PolicyLink;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * io.vertx:vertx-consul-client registering the check kinds Consul runs itself and expiring tokens,
 * through the library's public API: a gRPC health check ({@code CheckOptions.setGrpc}) against a
 * real grpc-java health server on 127.0.0.1, a TTL check left to expire, and an ACL token with an
 * {@code ExpirationTime} on the server's injected clock.
 */
class VertxConsulCheckKindsTest {
  static final String ROOT = "3c1d2e3f-4a5b-4c6d-8e7f-8091a2b3c4d5";
  static final MutableClock CLOCK = new MutableClock();
  static ConsulServer server;
  static Vertx vertx;
  static ConsulClient root;

  /** A clock the test moves; the server reads token expiration from it. */
  static final class MutableClock extends Clock {
    private volatile Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @BeforeAll
  static void start() throws Exception {
    server = VertxAclFixture.server("vx-kinds", ROOT, CLOCK);
    vertx = Vertx.vertx();
    root = VertxAclFixture.client(vertx, server, ROOT);
  }

  @AfterAll
  static void stop() throws Exception {
    root.close();
    get(vertx.close());
    server.close();
  }

  private static Check check(String id) throws Exception {
    return get(root.localChecks()).stream()
        .filter(c -> c.getId().equals(id))
        .findFirst()
        .orElse(null);
  }

  private static void await(Callable<Boolean> cond, String what) throws Exception {
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (cond.call()) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("timed out waiting for " + what);
  }

  @Test
  void grpcHealthCheckFollowsTheApplicationsStatus() throws Exception {
    HealthStatusManager health = new HealthStatusManager();
    health.setStatus("orders", ServingStatus.SERVING);
    Server grpc =
        NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
            .addService(health.getHealthService())
            .build()
            .start();
    try {
      String target = "127.0.0.1:" + grpc.getPort() + "/orders";
      get(
          root.registerService(
              new ServiceOptions()
                  .setName("vx-orders")
                  .setPort(grpc.getPort())
                  .setCheckOptions(
                      new CheckOptions().setName("grpc").setGrpc(target).setInterval("1s"))));
      await(
          () -> check("service:vx-orders").getStatus() == CheckStatus.PASSING, "SERVING → passing");
      assertEquals("gRPC check " + target + ": success", check("service:vx-orders").getOutput());
      assertEquals(1, get(root.healthServiceNodes("vx-orders", true)).getList().size());
      health.setStatus("orders", ServingStatus.NOT_SERVING);
      await(
          () -> check("service:vx-orders").getStatus() == CheckStatus.CRITICAL,
          "NOT_SERVING → critical");
      assertEquals(
          "gRPC application didn't report service healthy", check("service:vx-orders").getOutput());
      assertEquals(0, get(root.healthServiceNodes("vx-orders", true)).getList().size());
    } finally {
      grpc.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      get(root.deregisterService("vx-orders"));
    }
  }

  @Test
  void ttlCheckNotRefreshedExpiresToCritical() throws Exception {
    get(
        root.registerService(
            new ServiceOptions()
                .setName("vx-ttl")
                .setCheckOptions(new CheckOptions().setTtl("1s"))));
    get(root.passCheck("service:vx-ttl"));
    assertEquals(CheckStatus.PASSING, check("service:vx-ttl").getStatus());
    await(
        () -> check("service:vx-ttl").getStatus() == CheckStatus.CRITICAL,
        "TTL expired → critical");
    assertEquals("TTL expired", check("service:vx-ttl").getOutput());
    get(root.deregisterService("vx-ttl"));
  }

  @Test
  void tokenWithExpirationTimeStopsWorkingWhenItPasses() throws Exception {
    String policy =
        get(
            root.createAclPolicy(
                new AclPolicy()
                    .setName("vx-exp")
                    .setRules("key_prefix \"exp/\" { policy = \"write\" }")));
    Instant expires = CLOCK.instant().plus(Duration.ofMinutes(5));
    AclToken token =
        get(
            root.createAclToken(
                new AclToken()
                    .setDescription("expiring")
                    .setExpirationTime(expires.toString())
                    .addPolicy(new PolicyLink().setId(policy))));
    assertEquals(
        expires,
        Instant.parse(
            get(root.readAclToken(token.getAccessorId())).toJson().getString("ExpirationTime")));
    ConsulClient limited = VertxAclFixture.client(vertx, server, token.getSecretId());
    try {
      assertTrue(get(limited.putValue("exp/a", "1")));
      CLOCK.advance(Duration.ofMinutes(5));
      ExecutionException e =
          assertThrows(ExecutionException.class, () -> get(limited.putValue("exp/b", "1")));
      assertTrue(e.getCause().getMessage().contains("ACL not found"), e.getCause().getMessage());
    } finally {
      limited.close();
    }
  }
}
