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
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** HTTP and TCP checks run by the server, and the critical-service reaper. */
class ActiveChecksTest {
  static TestServer s;
  static HttpServer target;
  static final AtomicInteger code = new AtomicInteger(200);
  static final AtomicInteger methodPosts = new AtomicInteger();

  @BeforeAll
  static void start() throws IOException {
    s = TestServer.dev();
    target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    target.createContext(
        "/health",
        ex -> {
          if (ex.getRequestMethod().equals("POST")) {
            methodPosts.incrementAndGet();
          }
          byte[] body = "ok-body".getBytes();
          ex.sendResponseHeaders(code.get(), body.length);
          ex.getResponseBody().write(body);
          ex.close();
        });
    target.start();
  }

  @AfterAll
  static void stop() {
    target.stop(0);
    s.close();
  }

  private static JsonNode check(String id) {
    return TestServer.json(s.get("/v1/agent/checks")).get(id);
  }

  private static String status(String id) {
    JsonNode c = check(id);
    return c == null ? "absent" : c.get("Status").asText();
  }

  @Test
  void httpCheckFollowsStatusCodes() throws Exception {
    String url = "http://127.0.0.1:" + target.getAddress().getPort() + "/health";
    assertEquals(
        200,
        s.put(
                "/v1/agent/service/register",
                "{\"Name\":\"web\",\"Check\":{\"HTTP\":\""
                    + url
                    + "\",\"Method\":\"POST\",\"Interval\":\"100ms\",\"Timeout\":\"1s\"}}")
            .statusCode());
    Await.until(() -> status("service:web").equals("passing"), "passing");
    assertTrue(
        check("service:web").get("Output").asText().contains("200"),
        check("service:web").toString());
    assertTrue(check("service:web").get("Output").asText().contains("ok-body"));
    assertEquals("http", check("service:web").get("Type").asText());
    assertTrue(methodPosts.get() > 0, "Method honoured");
    code.set(429);
    Await.until(() -> status("service:web").equals("warning"), "warning on 429");
    code.set(503);
    Await.until(() -> status("service:web").equals("critical"), "critical on 503");
    code.set(200);
    Await.until(() -> status("service:web").equals("passing"), "passing again");
    s.put("/v1/agent/service/deregister/web", "");
  }

  @Test
  void tcpCheckAndReaper() throws Exception {
    int closedPort;
    try (ServerSocket ss = new ServerSocket(0)) {
      closedPort = ss.getLocalPort();
      assertEquals(
          200,
          s.put(
                  "/v1/agent/check/register",
                  "{\"Name\":\"tcp-open\",\"TCP\":\"127.0.0.1:"
                      + closedPort
                      + "\",\"Interval\":\"100ms\"}")
              .statusCode());
      Await.until(() -> status("tcp-open").equals("passing"), "tcp passing");
    }
    Await.until(() -> status("tcp-open").equals("critical"), "tcp critical after close");
    s.put("/v1/agent/check/deregister/tcp-open", "");

    assertEquals(
        200,
        s.put(
                "/v1/agent/service/register",
                "{\"Name\":\"doomed\",\"Check\":{\"TCP\":\"127.0.0.1:"
                    + closedPort
                    + "\",\"Interval\":\"100ms\",\"Timeout\":\"500ms\",\"DeregisterCriticalServiceAfter\":\"1s\"}}")
            .statusCode());
    Await.until(() -> status("service:doomed").equals("critical"), "doomed critical");
    Await.until(
        () -> !TestServer.json(s.get("/v1/agent/services")).has("doomed"),
        "reaper deregisters the service");
    assertEquals("absent", status("service:doomed"));
  }
}
