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

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Issue 18, findings 3–8: what a hostile review found the server accepted. Each test talks to the
 * real server over real sockets on 127.0.0.1.
 */
class HostileClientTest {

  private static String readAll(Socket s) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    InputStream in = s.getInputStream();
    byte[] b = new byte[4096];
    try {
      for (int n = in.read(b); n >= 0; n = in.read(b)) {
        out.write(b, 0, n);
      }
    } catch (SocketTimeoutException e) {
      out.write("<read timed out>".getBytes(StandardCharsets.UTF_8));
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** One keep-alive request on an open connection; returns the response head. */
  private static String roundTrip(Socket c) throws IOException {
    c.getOutputStream()
        .write(
            "GET /v1/status/leader HTTP/1.1\r\nHost: x\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
    InputStream in = c.getInputStream();
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        return head.toString();
      }
      head.append((char) b);
    }
    String h = head.toString().toLowerCase(Locale.ROOT);
    int i = h.indexOf("content-length:");
    int len = Integer.parseInt(h.substring(i + 15, h.indexOf('\r', i)).trim());
    in.readNBytes(len);
    return head.toString();
  }

  /** Finding 3: a request whose headers trickle in is answered 408 and closed at the deadline. */
  @Test
  void slowHeadersGet408AndAClose() throws Exception {
    try (TestServer s =
            new TestServer(
                ServerConfig.builder()
                    .dev(true)
                    .nodeName("n1")
                    .requestTimeout(Duration.ofMillis(800)));
        Socket c = new Socket(InetAddress.getLoopbackAddress(), s.server.httpAddress().getPort())) {
      c.setSoTimeout(10_000);
      long start = System.nanoTime();
      String partial = "GET /v1/status/leader HTTP/1.1\r\nHost: x\r\nX-Slow: ";
      // one byte every 100 ms: never idle, never a complete header block
      Thread feeder =
          new Thread(
              () -> {
                try {
                  for (int i = 0; i < 100; i++) {
                    c.getOutputStream().write(partial.charAt(i % partial.length()));
                    c.getOutputStream().flush();
                    Thread.sleep(100);
                  }
                } catch (IOException | InterruptedException e) {
                  // the server closed the connection: expected
                }
              });
      feeder.setDaemon(true);
      feeder.start();
      String answer = readAll(c);
      long ms = (System.nanoTime() - start) / 1_000_000;
      assertTrue(answer.startsWith("HTTP/1.1 408"), answer);
      assertTrue(ms < 5_000, "closed after " + ms + " ms");
      feeder.join(5_000);
    }
  }

  /**
   * Finding 3: more than {@code limits.http_max_conns_per_client} (default 200, as Consul)
   * connections from one address: the excess is answered 429 and closed, and a connection under the
   * limit still works.
   */
  @Test
  void connectionsPerClientAreLimitedTo200ByDefault() throws Exception {
    try (TestServer s = TestServer.dev()) {
      int port = s.server.httpAddress().getPort();
      List<Socket> held = new ArrayList<>();
      try {
        for (int i = 0; i < 200; i++) {
          held.add(new Socket(InetAddress.getLoopbackAddress(), port));
        }
        // every one of the 200 is served (and so counted) before the next connection
        for (Socket c : held) {
          c.setSoTimeout(10_000);
          assertTrue(roundTrip(c).startsWith("HTTP/1.1 200"));
        }
        try (Socket extra = new Socket(InetAddress.getLoopbackAddress(), port)) {
          extra.setSoTimeout(10_000);
          String answer = readAll(extra);
          assertTrue(answer.startsWith("HTTP/1.1 429"), answer);
          assertTrue(answer.contains("limits.http_max_conns_per_client"), answer);
        }
        // the held connections still work
        assertTrue(roundTrip(held.get(199)).startsWith("HTTP/1.1 200"));
      } finally {
        for (Socket c : held) {
          c.close();
        }
      }
      // the held connections are gone (their close is asynchronous): the address may connect again
      long deadline = System.nanoTime() + 5_000_000_000L;
      int status = s.get("/v1/status/leader").statusCode();
      while (status == 429 && System.nanoTime() < deadline) {
        Thread.sleep(50);
        status = s.get("/v1/status/leader").statusCode();
      }
      assertEquals(200, status);
    }
  }

  /** Finding 4: an interval below 1 s is raised to 1 s (Consul's checks.MinInterval). */
  @Test
  void checkIntervalBelowOneSecondIsClampedToOneSecond() throws Exception {
    AtomicInteger hits = new AtomicInteger();
    HttpServer target =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    target.createContext(
        "/",
        x -> {
          hits.incrementAndGet();
          x.sendResponseHeaders(200, -1);
          x.close();
        });
    target.start();
    try (TestServer s = TestServer.dev()) {
      String url = "http://127.0.0.1:" + target.getAddress().getPort() + "/";
      HttpResponse<String> r =
          s.put(
              "/v1/agent/service/register",
              "{\"Name\":\"spin\",\"Check\":{\"HTTP\":\""
                  + url
                  + "\",\"Interval\":\"1ns\",\"Timeout\":\"1s\"}}");
      assertEquals(200, r.statusCode(), r.body());
      Thread.sleep(2_500);
      int n = hits.get();
      assertTrue(n >= 1 && n <= 4, n + " checks in 2.5 s");
    } finally {
      target.stop(0);
    }
  }

  /** Finding 5: with default deny, these reads need a token (Consul: intentions, agent, node). */
  @Test
  void intentionCheckAgentSelfAndMembersNeedAToken() {
    String root = "11111111-2222-3333-4444-555555555555";
    try (TestServer s =
        new TestServer(
            ServerConfig.builder()
                .dev(true)
                .nodeName("acl-node")
                .acl(true, DefaultIntentionPolicy.DENY, root))) {
      for (String path :
          List.of(
              "/v1/connect/intentions/check?source=api&destination=db",
              "/v1/agent/self",
              "/v1/agent/members")) {
        HttpResponse<String> anon = s.get(path);
        assertEquals(403, anon.statusCode(), path + ": " + anon.body());
        assertTrue(anon.body().startsWith("Permission denied"), anon.body());
        HttpResponse<String> ok =
            s.send(HttpRequest.newBuilder(s.uri(path)).header("X-Consul-Token", root).GET());
        assertEquals(200, ok.statusCode(), path + ": " + ok.body());
      }
    }
  }

  /** Finding 6: a filter nested 3,000 deep is a 400 naming the limit, not a dropped connection. */
  @Test
  void deeplyNestedFilterIs400NamingTheLimit() {
    try (TestServer s = TestServer.dev()) {
      // parentheses unencoded, as a hostile client sends them: 6,000 characters fit in the line
      String f = "(".repeat(3000) + "Service%20==%20%22x%22" + ")".repeat(3000);
      for (String path : List.of("/v1/agent/services", "/v1/catalog/service/web")) {
        HttpResponse<String> r = s.get(path + "?filter=" + f);
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(r.body().contains("nested deeper than"), r.body());
      }
      String not = "not%20".repeat(1300) + "Service%20==%20%22x%22";
      HttpResponse<String> r = s.get("/v1/agent/services?filter=" + not);
      assertEquals(400, r.statusCode(), r.body());
      // a filter within the limit still works
      String ok = "(".repeat(20) + "Service == \"x\"" + ")".repeat(20);
      assertEquals(
          200,
          s.get("/v1/agent/services?filter=" + URLEncoder.encode(ok, StandardCharsets.UTF_8))
              .statusCode());
    }
  }

  /**
   * Found while fuzzing the filter grammar: a {@code matches} expression with catastrophic
   * backtracking against a value a service token can write (a meta value) held a thread for minutes
   * (Java's matcher memoizes {@code (a+)+}, but {@code ^(.*a){20}$} takes 2.8 s on 27 characters
   * and grows as n^20); it is a 400 naming the expression.
   */
  @Test
  void aCatastrophicRegexInAFilterIs400NotAHungThread() {
    try (TestServer s = TestServer.dev()) {
      assertEquals(
          200,
          s.put(
                  "/v1/agent/service/register",
                  "{\"Name\":\"web\",\"Meta\":{\"v\":\"" + "a".repeat(40) + "!\"}}")
              .statusCode());
      long start = System.nanoTime();
      HttpResponse<String> r =
          s.get(
              "/v1/agent/services?filter="
                  + URLEncoder.encode("Meta.v matches \"^(.*a){20}$\"", StandardCharsets.UTF_8));
      assertEquals(400, r.statusCode(), r.body());
      assertTrue(r.body().contains("catastrophic backtracking"), r.body());
      assertTrue(System.nanoTime() - start < 5_000_000_000L);
      assertEquals(
          200,
          s.get(
                  "/v1/agent/services?filter="
                      + URLEncoder.encode("Meta.v matches \"^a+!$\"", StandardCharsets.UTF_8))
              .statusCode());
    }
  }

  /** Finding 7: a KV key that is not UTF-8 is refused; two such keys never alias. */
  @Test
  void invalidUtf8KvKeysAre400NeverAliased() {
    try (TestServer s = TestServer.dev()) {
      HttpResponse<String> put = s.put("/v1/kv/alias%FE", "one");
      assertEquals(400, put.statusCode(), put.body());
      assertTrue(put.body().contains("UTF-8"), put.body());
      assertEquals(400, s.get("/v1/kv/alias%FF").statusCode());
      assertEquals(400, s.delete("/v1/kv/alias%C3").statusCode());
      assertEquals(404, s.get("/v1/kv/alias%EF%BF%BD").statusCode());
      // a valid multi-byte key still works
      assertEquals(200, s.put("/v1/kv/caf%C3%A9", "x").statusCode());
      assertEquals(200, s.get("/v1/kv/caf%C3%A9?raw").statusCode());
    }
  }

  /** Finding 8: names that can never get a leaf are refused at registration, with the rule. */
  @Test
  void serviceNamesThatCanNeverGetALeafAreRefused() {
    try (TestServer s = TestServer.dev()) {
      for (String name :
          List.of("a/../b", "a/b", "..", "web svc", "caf\u00e9", "x".repeat(10_000))) {
        HttpResponse<String> r =
            s.put("/v1/agent/service/register", "{\"Name\":\"" + name + "\",\"Port\":80}");
        assertEquals(400, r.statusCode(), name.length() + ": " + r.body());
        assertTrue(r.body().startsWith("Invalid service name"), r.body());
        HttpResponse<String> c =
            s.put(
                "/v1/catalog/register",
                "{\"Node\":\"n1\",\"Address\":\"127.0.0.1\",\"Service\":{\"Service\":\""
                    + name
                    + "\"}}");
        assertEquals(400, c.statusCode(), name.length() + ": " + c.body());
      }
      assertTrue(
          s.put("/v1/agent/service/register", "{\"Name\":\"" + "x".repeat(10_000) + "\"}")
              .body()
              .contains("at most 256"));
      assertEquals(
          200,
          s.put("/v1/agent/service/register", "{\"Name\":\"Web_1.v2-x\",\"Port\":80}")
              .statusCode());
      assertEquals(200, s.get("/v1/agent/connect/ca/leaf/Web_1.v2-x").statusCode());
    }
  }
}
