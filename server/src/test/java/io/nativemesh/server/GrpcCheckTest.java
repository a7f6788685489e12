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
package io.nativemesh.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.TlsServerCredentials;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.nativemesh.server.internal.ca.X509Factory;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.net.ssl.KeyManagerFactory;
import org.junit.jupiter.api.Test;

/**
 * gRPC health checks ({@code GRPC}, {@code GRPCUseTLS}) against a real grpc-java server on
 * 127.0.0.1 serving the standard {@code grpc.health.v1.Health} service (grpc-services' {@link
 * HealthStatusManager}), in plaintext and over TLS, with Consul's outputs.
 */
class GrpcCheckTest {

  private static void await(BooleanSupplier cond, String what) throws InterruptedException {
    Await.until(cond, what, () -> "; checks: " + lastChecks);
  }

  /** The last answer of /v1/agent/checks, for failure messages. */
  private static volatile JsonNode lastChecks;

  private static JsonNode check(TestServer s, String id) {
    lastChecks = TestServer.json(s.get("/v1/agent/checks"));
    return lastChecks.get(id);
  }

  private static String status(TestServer s, String id) {
    JsonNode c = check(s, id);
    return c == null ? "absent" : c.get("Status").asText();
  }

  private static String output(TestServer s, String id) {
    return check(s, id).get("Output").asText();
  }

  private static void register(TestServer s, String name, String check) {
    String body = "{\"Name\":\"" + name + "\",\"Check\":{" + check + "}}";
    var r = s.put("/v1/agent/service/register", body);
    assertEquals(200, r.statusCode(), body + " -> " + r.body());
  }

  private static Server healthServer(HealthStatusManager health, ServerCredentials creds)
      throws IOException {
    InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    return (creds == null
            ? NettyServerBuilder.forAddress(loopback)
            : NettyServerBuilder.forAddress(loopback, creds))
        .addService(health.getHealthService())
        .build()
        .start();
  }

  private static ServerCredentials selfSignedTls() throws Exception {
    KeyPair kp = X509Factory.newEcKeyPair();
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    X509Certificate cert =
        X509Factory.selfSignedRoot(
            kp,
            "grpc",
            "spiffe://grpc.test",
            BigInteger.TWO,
            now.minusSeconds(60),
            now.plusSeconds(3600));
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    char[] pw = "test".toCharArray();
    ks.setKeyEntry("grpc", kp.getPrivate(), pw, new X509Certificate[] {cert});
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, pw);
    return TlsServerCredentials.newBuilder().keyManager(kmf.getKeyManagers()).build();
  }

  @Test
  void servingIsPassingNotServingAndUnreachableAreCritical() throws Exception {
    HealthStatusManager health = new HealthStatusManager();
    health.setStatus("", ServingStatus.SERVING);
    health.setStatus("billing", ServingStatus.NOT_SERVING);
    Server grpc = healthServer(health, null);
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    String target = "127.0.0.1:" + grpc.getPort();
    try (TestServer s = TestServer.dev()) {
      register(s, "whole", "\"GRPC\":\"" + target + "\",\"Interval\":\"1s\",\"Timeout\":\"5s\"");
      register(
          s,
          "billing",
          "\"GRPC\":\"" + target + "/billing\",\"Interval\":\"1s\",\"Status\":\"passing\"");
      register(s, "unknown", "\"GRPC\":\"" + target + "/nope\",\"Interval\":\"1s\"");
      register(
          s,
          "gone",
          "\"GRPC\":\"127.0.0.1:"
              + closedPort
              + "\",\"Interval\":\"1s\",\"Timeout\":\"2s\",\"Status\":\"passing\"");

      await(() -> status(s, "service:whole").equals("passing"), "SERVING -> passing");
      assertEquals("gRPC check " + target + ": success", output(s, "service:whole"));
      assertEquals("grpc", check(s, "service:whole").get("Type").asText());

      await(() -> status(s, "service:billing").equals("critical"), "NOT_SERVING -> critical");
      assertEquals("gRPC application didn't report service healthy", output(s, "service:billing"));

      await(
          () -> check(s, "service:unknown").get("Output").asText().startsWith("rpc error"),
          "unknown service -> an error");
      assertEquals("critical", status(s, "service:unknown"));
      assertTrue(
          output(s, "service:unknown").startsWith("rpc error: code = NotFound desc = "),
          output(s, "service:unknown"));

      await(() -> status(s, "service:gone").equals("critical"), "unreachable -> critical");
      assertTrue(
          output(s, "service:gone").startsWith("rpc error: code = Unavailable desc = "),
          output(s, "service:gone"));

      // the check follows the application's status
      health.setStatus("billing", ServingStatus.SERVING);
      await(() -> status(s, "service:billing").equals("passing"), "SERVING again -> passing");
      assertEquals("gRPC check " + target + "/billing: success", output(s, "service:billing"));
      grpc.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      // a run in flight at the shutdown may end with another code; later runs find the port shut
      await(
          () ->
              status(s, "service:whole").equals("critical")
                  && output(s, "service:whole").startsWith("rpc error: code = Unavailable"),
          "server stopped -> critical, Unavailable");
    } finally {
      grpc.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void grpcUseTlsVerifiesUnlessTlsSkipVerify() throws Exception {
    HealthStatusManager health = new HealthStatusManager();
    health.setStatus("", ServingStatus.SERVING);
    Server grpc = healthServer(health, selfSignedTls());
    String target = "127.0.0.1:" + grpc.getPort();
    try (TestServer s = TestServer.dev()) {
      register(
          s,
          "skip",
          "\"GRPC\":\""
              + target
              + "\",\"GRPCUseTLS\":true,\"TLSSkipVerify\":true,"
              + "\"Interval\":\"1s\"");
      register(
          s,
          "verify",
          "\"GRPC\":\""
              + target
              + "\",\"GRPCUseTLS\":true,\"Interval\":\"1s\","
              + "\"Status\":\"passing\"");
      register(
          s, "plain", "\"GRPC\":\"" + target + "\",\"Interval\":\"1s\",\"Status\":\"passing\"");
      await(() -> status(s, "service:skip").equals("passing"), "TLS, skip verify -> passing");
      await(() -> status(s, "service:verify").equals("critical"), "self-signed -> critical");
      await(() -> status(s, "service:plain").equals("critical"), "plaintext to TLS -> critical");
      assertTrue(output(s, "service:verify").startsWith("rpc error: code = Unavailable"));
    } finally {
      grpc.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }
}
