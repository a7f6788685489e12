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

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BadInputTest {
  static TestServer s;

  @BeforeAll
  static void start() {
    s =
        new TestServer(
            ServerConfig.builder()
                .dev(true)
                .nodeName("n1")
                .maxRequestBodyBytes(4096)
                .requestTimeout(Duration.ofMillis(500)));
  }

  @AfterAll
  static void stop() {
    s.close();
  }

  private static void assertPlain400(HttpResponse<String> r, String contains) {
    assertEquals(400, r.statusCode(), r.body());
    assertTrue(
        r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"),
        "plain-text error body");
    assertTrue(
        r.body().contains(contains), "body '" + r.body() + "' should contain '" + contains + "'");
  }

  @Test
  void malformedRegistrationJsonIs400WithReason() {
    assertPlain400(
        s.put("/v1/agent/service/register", "{\"Name\": \"web\""), "Request decode failed");
    assertPlain400(s.put("/v1/agent/service/register", "not json"), "Request decode failed");
    assertPlain400(s.put("/v1/agent/service/register", ""), "Request decode failed");
    assertPlain400(
        s.put("/v1/agent/service/register", "{\"Name\":\"web\"} trailing"),
        "Request decode failed");
  }

  @Test
  void registrationWithoutNameIs400() {
    assertPlain400(s.put("/v1/agent/service/register", "{\"Port\": 80}"), "Missing service name");
    assertPlain400(s.put("/v1/agent/service/register", "null"), "Missing service name");
    assertPlain400(s.put("/v1/agent/service/register", "{\"Name\": \"\"}"), "Missing service name");
  }

  @Test
  void wrongFieldTypesAre400NeverCoerced() {
    assertPlain400(
        s.put("/v1/agent/service/register", "{\"Name\":\"web\",\"Port\":\"80\"}"), "Port");
    assertPlain400(s.put("/v1/agent/service/register", "{\"Name\":123}"), "Request decode failed");
    assertPlain400(
        s.put("/v1/agent/service/register", "{\"Name\":\"web\",\"Tags\":\"a\"}"), "Tags");
    assertPlain400(
        s.put("/v1/agent/service/register", "{\"Name\":\"web\",\"Connect\":{\"Native\":\"yes\"}}"),
        "Native");
    assertPlain400(
        s.put("/v1/agent/service/register", "{\"Name\":\"web\",\"Port\":1.5}"),
        "Request decode failed");
    assertPlain400(s.put("/v1/agent/service/register", "[1,2]"), "Request decode failed");
    assertPlain400(
        s.put("/v1/agent/service/register", "{\"Name\":\"web\",\"Port\":70000}"), "Invalid Port");
    assertPlain400(
        s.put("/v1/agent/service/register", "{\"Name\":\"web\",\"Check\":{\"TTL\":\"ten\"}}"),
        "TTL");
    assertPlain400(
        s.put(
            "/v1/agent/service/register",
            "{\"Name\":\"web\",\"Check\":{\"Notes\":\"no kind\",\"Interval\":\"1s\"}}"),
        "exactly one of TTL, HTTP, TCP");
    assertPlain400(
        s.put("/v1/agent/service/register", "{\"Name\":\"web\",\"Check\":{\"HTTP\":\"http://x\"}}"),
        "Interval must be > 0");
    assertPlain400(
        s.put(
            "/v1/agent/service/register",
            "{\"Name\":\"web\",\"Check\":{\"TCP\":\"nohost\",\"Interval\":\"1s\"}}"),
        "host:port");
    assertPlain400(
        s.get("/v1/agent/services?filter=Service%20%3D%3D"),
        "Failed to create boolean expression evaluator");
    assertPlain400(
        s.get("/v1/health/service/web?filter=Service%20%3C%205"),
        "Failed to create boolean expression evaluator");
    assertPlain400(
        s.put("/v1/agent/check/update/x", "{\"Status\":\"green\"}"),
        "Invalid check status: 'green'");
    assertPlain400(s.get("/v1/health/state/bogus"), "Bad check state");
    assertPlain400(
        s.put("/v1/catalog/register", "{\"Node\":\"n1\"}"), "Must provide node and address");
    assertPlain400(s.put("/v1/agent/maintenance?enable=maybe", ""), "Invalid value for enable");
    assertPlain400(s.put("/v1/agent/check/register", "{\"TTL\":\"5s\"}"), "Missing check name");
    assertPlain400(
        s.put(
            "/v1/agent/service/register",
            "{\"Name\":\"web\",\"Check\":{\"TTL\":\"5s\",\"Status\":\"green\"}}"),
        "Invalid check status");
    assertPlain400(
        s.post("/v1/agent/connect/authorize", "{\"Target\":5}"), "Request decode failed");
  }

  @Test
  void invalidIndexAndWaitAre400() {
    assertPlain400(s.get("/v1/health/service/web?index=abc"), "Invalid index");
    assertPlain400(s.get("/v1/health/service/web?index=-1"), "Invalid index");
    assertPlain400(s.get("/v1/health/service/web?index=5&wait=forever"), "Invalid wait time");
    assertPlain400(s.get("/v1/catalog/services?index=1&wait=10"), "Invalid wait time");
    assertPlain400(s.get("/v1/agent/connect/ca/roots?index=1&wait=-5s"), "Invalid wait time");
    assertPlain400(s.get("/v1/health/service/web?passing=maybe"), "Invalid value for ?passing");
  }

  @Test
  void unknownPathIs404AndWrongMethodIs405WithAllow() {
    HttpResponse<String> nf = s.get("/v1/no/such/thing");
    assertEquals(404, nf.statusCode());
    HttpResponse<String> na = s.get("/v1/agent/service/register");
    assertEquals(405, na.statusCode());
    assertEquals("PUT", na.headers().firstValue("Allow").orElseThrow());
    HttpResponse<String> na2 = s.post("/v1/connect/intentions/exact?source=a&destination=b", "{}");
    assertEquals(405, na2.statusCode());
    String allow = na2.headers().firstValue("Allow").orElseThrow();
    assertTrue(allow.contains("PUT") && allow.contains("GET") && allow.contains("DELETE"), allow);
    assertEquals(500, s.get("/v1/health/service/web?dc=elsewhere").statusCode());
    assertEquals("No path to datacenter", s.get("/v1/health/service/web?dc=elsewhere").body());
    assertPlain400(s.put("/v1/agent/service/deregister/", ""), "Missing service id");
  }

  @Test
  void oversizedBodyIs413() {
    HttpResponse<String> r =
        s.put("/v1/agent/service/register", "{\"Name\":\"" + "x".repeat(10_000) + "\"}");
    assertEquals(413, r.statusCode());
    assertTrue(r.body().contains("too large"), r.body());
  }

  @Test
  void intentionInputErrors() {
    assertPlain400(
        s.put("/v1/connect/intentions/exact?source=web-*&destination=db", "{\"Action\":\"allow\"}"),
        "wildcard");
    assertPlain400(
        s.put("/v1/connect/intentions/exact?source=web&destination=d*", "{\"Action\":\"allow\"}"),
        "wildcard");
    assertPlain400(
        s.put("/v1/connect/intentions/exact?source=web&destination=db", "{\"Action\":\"permit\"}"),
        "Action");
    assertPlain400(s.put("/v1/connect/intentions/exact?source=web&destination=db", "{}"), "Action");
    assertPlain400(
        s.put("/v1/connect/intentions/exact?destination=db", "{\"Action\":\"allow\"}"), "source");
    assertPlain400(
        s.put(
            "/v1/connect/intentions/exact?source=web&destination=*",
            "{\"Permissions\":[{\"Action\":\"allow\",\"HTTP\":{\"PathPrefix\":\"/\"}}]}"),
        "wildcard destination");
    assertPlain400(
        s.put(
            "/v1/connect/intentions/exact?source=web&destination=db",
            "{\"Permissions\":[{\"Action\":\"allow\",\"HTTP\":{\"PathPrefix\":\"api\"}}]}"),
        "PathPrefix");
    assertPlain400(
        s.put(
            "/v1/connect/intentions/exact?source=web&destination=db",
            "{\"Action\":\"allow\",\"Permissions\":[{\"Action\":\"allow\",\"HTTP\":{\"PathPrefix\":\"/\"}}]}"),
        "Action must be omitted");
    assertPlain400(s.get("/v1/connect/intentions/match?by=sideways&name=db"), "'by'");
    assertPlain400(s.get("/v1/connect/intentions/match?by=source"), "name");
    assertPlain400(
        s.post(
            "/v1/agent/connect/authorize",
            "{\"ClientCertURI\":\"spiffe://x.consul/ns/default/dc/dc1/svc/web\"}"),
        "Target service must be specified");
    assertPlain400(
        s.post(
            "/v1/agent/connect/authorize", "{\"Target\":\"db\",\"ClientCertURI\":\"http://nope\"}"),
        "ClientCertURI not a valid Connect identifier");
    assertPlain400(
        s.post(
            "/v1/agent/connect/authorize",
            "{\"Target\":\"db\",\"ClientCertURI\":\"spiffe://x.consul/agent/client/dc/dc1/id/n\"}"),
        "ClientCertURI not a valid Service identifier");
    assertPlain400(s.get("/v1/agent/connect/ca/leaf/bad%20name"), "Invalid service name");
  }

  @Test
  void intentionIdEndpointInputErrors() {
    assertPlain400(s.get("/v1/connect/intentions/not-a-uuid"), "Invalid intention ID 'not-a-uuid'");
    assertPlain400(s.delete("/v1/connect/intentions/1234"), "must be a UUID");
    assertPlain400(
        s.put("/v1/connect/intentions/00000000-0000-0000-0000-00000000000g", "{}"),
        "Invalid intention ID");
    assertPlain400(s.post("/v1/connect/intentions", "{\"SourceName\":"), "Request decode failed");
    assertPlain400(s.post("/v1/connect/intentions", ""), "Request decode failed");
    assertPlain400(s.post("/v1/connect/intentions", "null"), "missing intention body");
    assertPlain400(
        s.post("/v1/connect/intentions", "{\"DestinationName\":\"db\",\"Action\":\"allow\"}"),
        "SourceName is required");
    assertPlain400(
        s.post(
            "/v1/connect/intentions",
            "{\"SourceName\":\"web-*\",\"DestinationName\":\"db\",\"Action\":\"allow\"}"),
        "wildcard");
    assertPlain400(
        s.post(
            "/v1/connect/intentions",
            "{\"SourceName\":\"web\",\"DestinationName\":\"db\",\"Action\":\"maybe\"}"),
        "Action must be set");
    assertPlain400(
        s.post(
            "/v1/connect/intentions",
            "{\"ID\":\"8a1b0f63-6c7e-4a5d-9b6c-1f2e3d4c5b6a\",\"SourceName\":\"web\",\"DestinationName\":\"db\",\"Action\":\"allow\"}"),
        "ID must be empty");
    assertPlain400(
        s.post(
            "/v1/connect/intentions",
            "{\"SourceName\":\"web\",\"SourceNS\":\"team\",\"DestinationName\":\"db\",\"Action\":\"allow\"}"),
        "SourceNS 'team' is not supported");
    assertPlain400(
        s.post(
            "/v1/connect/intentions",
            "{\"SourceName\":5,\"DestinationName\":\"db\",\"Action\":\"allow\"}"),
        "Request decode failed");
    HttpResponse<String> missing =
        s.get("/v1/connect/intentions/8a1b0f63-6c7e-4a5d-9b6c-1f2e3d4c5b6a");
    assertEquals(404, missing.statusCode());
    assertEquals("Intention not found", missing.body());
  }

  @Test
  void configEntryInputErrors() {
    assertPlain400(
        s.put(
            "/v1/config", "{\"Kind\":\"service-defaults\",\"Name\":\"web\",\"Protocol\":\"ftp\"}"),
        "Invalid protocol \"ftp\"");
    assertPlain400(
        s.put("/v1/config", "{\"kind\":\"proxy-defaults\",\"Name\":\"other\"}"),
        "only \"global\" is supported");
    assertPlain400(
        s.put("/v1/config", "{\"Kind\":\"mesh\",\"Name\":\"m\"}"), "only \"mesh\" is supported");
    assertPlain400(s.put("/v1/config", "{\"Kind\":\"service-router\"}"), "Name is required");
    assertPlain400(
        s.put("/v1/config", "{\"Kind\":\"bogus\",\"Name\":\"x\"}"), "invalid config entry kind");
    assertPlain400(s.put("/v1/config", "{\"Name\":\"x\"}"), "Kind is required");
    assertPlain400(s.put("/v1/config", "{\"Kind\":7}"), "Kind must be a string");
    assertPlain400(s.put("/v1/config", "not json"), "Request decode failed");
    assertPlain400(s.put("/v1/config", "[1]"), "expected a JSON object");
    assertPlain400(s.put("/v1/config", ""), "Request decode failed");
    String head = "{\"Kind\":\"service-intentions\",\"Name\":\"db\",";
    assertPlain400(s.put("/v1/config", head + "\"Sourcez\":[]}"), "invalid config key \"Sourcez\"");
    assertPlain400(
        s.put("/v1/config", head + "\"Sources\":[{\"Name\":\"a\",\"Acton\":\"allow\"}]}"),
        "invalid config key \"Sources[0].Acton\"");
    assertPlain400(s.put("/v1/config", head + "\"Sources\":\"a\"}"), "Request decode failed");
    assertPlain400(
        s.put("/v1/config", "{\"Kind\":\"service-intentions\",\"Sources\":[]}"),
        "Name is required");
    assertPlain400(
        s.put("/v1/config", "{\"Kind\":\"service-intentions\",\"Name\":\"d*\"}"), "wildcard");
    assertPlain400(
        s.put("/v1/config", head + "\"Sources\":[{\"Action\":\"allow\"}]}"),
        "Sources[0].Name is required");
    assertPlain400(
        s.put(
            "/v1/config",
            head
                + "\"Sources\":[{\"Name\":\"a\",\"Action\":\"allow\"},{\"Name\":\"a\",\"Action\":\"deny\"}]}"),
        "Sources[1] defines \"a\" more than once");
    assertPlain400(
        s.put("/v1/config", head + "\"Sources\":[{\"Name\":\"a\",\"Action\":\"permit\"}]}"),
        "Sources[0] (a): Invalid intention: Action must be set to 'allow' or 'deny'");
    assertPlain400(
        s.put(
            "/v1/config",
            head + "\"Sources\":[{\"Name\":\"a\",\"Action\":\"allow\",\"Peer\":\"other\"}]}"),
        "Sources[0].Peer is not supported");
    assertPlain400(
        s.put(
            "/v1/config",
            head + "\"Sources\":[{\"Name\":\"a\",\"Action\":\"allow\",\"Type\":\"external\"}]}"),
        "SourceType");
    assertPlain400(
        s.put(
            "/v1/config",
            head + "\"Sources\":[{\"Name\":\"a\",\"Action\":\"allow\",\"LegacyID\":\"x\"}]}"),
        "Sources[0].LegacyID");
    assertPlain400(
        s.put("/v1/config", head + "\"Namespace\":\"team\",\"Sources\":[]}"),
        "Namespace 'team' is not supported");
    assertPlain400(
        s.put("/v1/config", head + "\"JWT\":{\"Providers\":[]},\"Sources\":[]}"),
        "JWT is not supported");
    assertPlain400(s.put("/v1/config?cas=abc", head + "\"Sources\":[]}"), "Invalid cas value");
    assertPlain400(s.get("/v1/config/nope"), "invalid config entry kind");
    assertPlain400(
        s.get("/v1/config/service-intentions/a/b"),
        "Must provide either a kind or both kind and name");
    assertPlain400(s.get("/v1/config/service-intentions/web-*"), "wildcard");
    assertPlain400(s.get("/v1/config/service-intentions/web?index=x"), "Invalid index");
    assertPlain400(s.delete("/v1/config/service-intentions"), "Must provide both a kind and name");
    assertPlain400(s.delete("/v1/config/meshy/mesh"), "invalid config entry kind");
    assertEquals(404, s.get("/v1/config/service-intentions/nothing").statusCode());
  }

  @Test
  void slowClientIsCutOffAndServerStaysHealthy() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", s.server.httpPort())) {
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      out.write(
          "PUT /v1/agent/service/register HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"Na"
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      long start = System.nanoTime();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      byte[] buf = new byte[1024];
      int n;
      while ((n = in.read(buf)) >= 0) {
        got.write(buf, 0, n);
      }
      long ms = (System.nanoTime() - start) / 1_000_000;
      assertTrue(ms < 4000, "connection should be closed after the request timeout, took " + ms);
      assertTrue(
          got.toString(StandardCharsets.US_ASCII).startsWith("HTTP/1.1 408"),
          got.toString(StandardCharsets.US_ASCII));
    }
    assertEquals(200, s.get("/v1/status/leader").statusCode());
  }

  @Test
  void pipelinedRequestsAreAnsweredInOrder() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", s.server.httpPort())) {
      socket.setSoTimeout(5000);
      String two =
          "GET /v1/status/leader HTTP/1.1\r\nHost: x\r\n\r\n"
              + "GET /v1/status/peers HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
      socket.getOutputStream().write(two.getBytes(StandardCharsets.US_ASCII));
      String all = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
      int first = all.indexOf("\"127.0.0.1:8300\"");
      int second = all.indexOf("[\"127.0.0.1:8300\"]");
      assertTrue(first > 0 && second > first, all);
    }
  }

  @Test
  void optionsAnswersAllow() {
    HttpResponse<String> r =
        s.send(
            HttpRequest.newBuilder(s.uri("/v1/agent/services"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
    assertEquals(200, r.statusCode());
    assertTrue(r.headers().firstValue("Allow").orElseThrow().contains("GET"));
  }
}
