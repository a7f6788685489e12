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

import static io.nativemesh.server.AclFixture.ROOT;
import static io.nativemesh.server.AclFixture.as;
import static io.nativemesh.server.AclFixture.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/**
 * ACL token expiration (Consul API: {@code /v1/acl/token} {@code ExpirationTime} and {@code
 * ExpirationTTL}), on the server's injected clock: stored and returned, validated as Consul does,
 * an expired token refused like an unknown one, hidden from reads and lists, then reaped.
 */
class AclTokenExpiryTest {

  private static void expect400(TestServer s, String body, String reason) {
    HttpResponse<String> r = as(s, ROOT, "PUT", "/v1/acl/token", body);
    assertEquals(400, r.statusCode(), body + " -> " + r.body());
    assertTrue(r.body().contains(reason), body + " -> " + r.body());
  }

  private static boolean listed(TestServer s, String accessor) {
    for (JsonNode t : ok(as(s, ROOT, "GET", "/v1/acl/tokens", null))) {
      if (t.get("AccessorID").asText().equals(accessor)) {
        return true;
      }
    }
    return false;
  }

  @Test
  void expiredTokensAreRefusedHiddenAndReaped() throws Exception {
    LeafCertificateIT.MutableClock clock =
        new LeafCertificateIT.MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    try (TestServer s = new TestServer(AclFixture.config(null, ROOT).clock(clock))) {
      Instant created = clock.instant();
      JsonNode ttl =
          ok(
              as(
                  s,
                  ROOT,
                  "PUT",
                  "/v1/acl/token",
                  "{\"ServiceIdentities\":[{\"ServiceName\":\"web\"}],\"ExpirationTTL\":\"2m\"}"));
      assertEquals(
          created.plus(Duration.ofMinutes(2)), Instant.parse(ttl.get("ExpirationTime").asText()));
      assertFalse(ttl.has("ExpirationTTL"), "Consul turns the TTL into a time");
      String at = created.plus(Duration.ofMinutes(10)).toString();
      JsonNode fixed =
          ok(
              as(
                  s,
                  ROOT,
                  "PUT",
                  "/v1/acl/token",
                  "{\"Description\":\"ten\",\"ExpirationTime\":\"" + at + "\"}"));
      assertEquals(at, fixed.get("ExpirationTime").asText());
      JsonNode forever = ok(as(s, ROOT, "PUT", "/v1/acl/token", "{\"Description\":\"x\"}"));
      assertFalse(forever.has("ExpirationTime"));

      expect400(
          s,
          "{\"ExpirationTTL\":\"2m\",\"ExpirationTime\":\"" + at + "\"}",
          "Token Expiration TTL and Expiration Time cannot both be set");
      expect400(s, "{\"ExpirationTTL\":\"10s\"}", "cannot be less than 1m0s in the future");
      expect400(s, "{\"ExpirationTTL\":\"25h\"}", "cannot be more than 24h0m0s in the future");
      expect400(
          s,
          "{\"ExpirationTime\":\"" + created.minusSeconds(5) + "\"}",
          "ExpirationTime cannot be before CreateTime");
      expect400(s, "{\"ExpirationTTL\":\"-1m\"}", "should be > 0");
      String accessor = ttl.get("AccessorID").asText();
      HttpResponse<String> change =
          as(s, ROOT, "PUT", "/v1/acl/token/" + accessor, "{\"ExpirationTime\":\"" + at + "\"}");
      assertEquals(400, change.statusCode(), change.body());

      String secret = ttl.get("SecretID").asText();
      assertEquals(200, as(s, secret, "GET", "/v1/agent/services", null).statusCode());
      long before = TestServer.index(as(s, ROOT, "GET", "/v1/acl/tokens", null));

      clock.advance(Duration.ofMinutes(2));
      HttpResponse<String> expired = as(s, secret, "GET", "/v1/agent/services", null);
      assertEquals(403, expired.statusCode());
      assertEquals("ACL not found", expired.body());
      HttpResponse<String> read = as(s, ROOT, "GET", "/v1/acl/token/" + accessor, null);
      assertEquals(403, read.statusCode());
      assertEquals("ACL not found", read.body());
      assertFalse(listed(s, accessor));
      assertTrue(listed(s, fixed.get("AccessorID").asText()), "not yet expired");
      String fixedSecret = fixed.get("SecretID").asText();
      assertEquals(200, as(s, fixedSecret, "GET", "/v1/acl/token/self", null).statusCode());

      // the reaper (every second in dev mode) deletes it through the state: the index moves
      long deadline = System.nanoTime() + 20_000_000_000L;
      long now = before;
      while (now == before && System.nanoTime() < deadline) {
        Thread.sleep(100);
        now = TestServer.index(as(s, ROOT, "GET", "/v1/acl/tokens", null));
      }
      assertTrue(now > before, "the expired token was reaped");
      assertEquals(
          404,
          as(s, ROOT, "PUT", "/v1/acl/token/" + accessor, "{\"Description\":\"back\"}")
              .statusCode());

      clock.advance(Duration.ofMinutes(8));
      assertEquals(403, as(s, fixedSecret, "GET", "/v1/acl/token/self", null).statusCode());
      assertTrue(listed(s, forever.get("AccessorID").asText()), "no expiration: kept");
    }
  }
}
