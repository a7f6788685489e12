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
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Fuzzes the HTTP API from outside (issue 18): random methods on the real routes with random path
 * suffixes (any percent-encoded bytes), query parameters the handlers read (with random values) and
 * bodies (JSON shaped like each endpoint's, with random values, or random text), sent on a raw
 * socket to a real dev server with ACLs on. Every request gets an answer, and never a 5xx. The
 * inputs reach the query parsers, the JSON binders, the intention, session, ACL and config-entry
 * validators and the CA configuration's PEM parser. Tries: {@code jqwik.tries.default}.
 */
class HttpFuzzTest {
  private static final String ROOT = "11111111-2222-3333-4444-555555555555";
  private static TestServer server;

  @BeforeContainer
  static void start() {
    server =
        new TestServer(
            ServerConfig.builder()
                .dev(true)
                .nodeName("fuzz")
                .maxRequestBodyBytes(16 * 1024)
                .acl(true, DefaultIntentionPolicy.DENY, ROOT));
  }

  @AfterContainer
  static void stop() {
    server.close();
  }

  /** One raw request; returns the status line. */
  private static String exchange(String method, String target, String token, byte[] body)
      throws IOException {
    try (Socket s =
        new Socket(InetAddress.getLoopbackAddress(), server.server.httpAddress().getPort())) {
      s.setSoTimeout(10_000);
      String head =
          method
              + " "
              + target
              + " HTTP/1.1\r\nHost: fuzz\r\nConnection: close\r\n"
              + (token == null ? "" : "X-Consul-Token: " + token + "\r\n")
              + "Content-Length: "
              + body.length
              + "\r\n\r\n";
      s.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
      s.getOutputStream().write(body);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      InputStream in = s.getInputStream();
      byte[] b = new byte[8192];
      for (int n = in.read(b); n >= 0; n = in.read(b)) {
        out.write(b, 0, n);
      }
      String r = out.toString(StandardCharsets.ISO_8859_1);
      int eol = r.indexOf("\r\n");
      return eol < 0 ? r : r.substring(0, eol);
    }
  }

  @Property
  void everyRequestIsAnsweredWithoutA5xx(
      @ForAll("methods") String method,
      @ForAll("targets") String target,
      @ForAll("tokens") String token,
      @ForAll("bodies") String body)
      throws IOException {
    String status = exchange(method, target, token, body.getBytes(StandardCharsets.UTF_8));
    assertTrue(status.startsWith("HTTP/1.1 "), "no answer to " + method + " " + target);
    int code = Integer.parseInt(status.substring(9, 12));
    assertTrue(code < 500, status + " for " + method + " " + target + " body " + body);
  }

  @Property(tries = 20)
  void theServerStillAnswersAfterwards() throws IOException {
    assertEquals("HTTP/1.1 200 OK", exchange("GET", "/v1/status/leader", null, new byte[0]));
  }

  @Provide
  Arbitrary<String> methods() {
    return Arbitraries.of("GET", "PUT", "POST", "DELETE", "GET", "PUT");
  }

  @Provide
  Arbitrary<String> tokens() {
    return Arbitraries.of(ROOT, null, "anonymous", "00000000-0000-0000-0000-000000000000");
  }

  private static Arbitrary<String> percentEncoded() {
    return Arbitraries.bytes()
        .array(byte[].class)
        .ofMaxSize(12)
        .map(
            bytes -> {
              StringBuilder sb = new StringBuilder();
              for (byte x : bytes) {
                int v = x & 0xff;
                if (Character.isLetterOrDigit(v) && v < 0x80) {
                  sb.append((char) v);
                } else {
                  sb.append('%').append(String.format("%02X", v));
                }
              }
              return sb.toString();
            });
  }

  @Provide
  Arbitrary<String> targets() {
    Arbitrary<String> route =
        Arbitraries.of(
            "/v1/agent/service/register",
            "/v1/agent/service/deregister/",
            "/v1/agent/check/register",
            "/v1/agent/check/pass/",
            "/v1/agent/check/update/",
            "/v1/agent/services",
            "/v1/agent/service/",
            "/v1/agent/connect/ca/leaf/",
            "/v1/agent/connect/authorize",
            "/v1/catalog/register",
            "/v1/catalog/deregister",
            "/v1/catalog/service/",
            "/v1/catalog/services",
            "/v1/health/service/",
            "/v1/health/checks/",
            "/v1/kv/",
            "/v1/txn",
            "/v1/session/create",
            "/v1/session/info/",
            "/v1/session/renew/",
            "/v1/connect/intentions",
            "/v1/connect/intentions/exact",
            "/v1/connect/intentions/check",
            "/v1/connect/intentions/match",
            "/v1/connect/ca/configuration",
            "/v1/connect/ca/roots",
            "/v1/config",
            "/v1/config/service-intentions/",
            "/v1/acl/token",
            "/v1/acl/token/",
            "/v1/agent/members",
            "/v1/agent/self");
    Arbitrary<String> param =
        Combinators.combine(
                Arbitraries.of(
                    "source",
                    "destination",
                    "by",
                    "name",
                    "filter",
                    "recurse",
                    "keys",
                    "separator",
                    "cas",
                    "flags",
                    "acquire",
                    "release",
                    "raw",
                    "stale",
                    "near",
                    "pretty",
                    "ns",
                    "source-type",
                    "type",
                    "token"),
                Arbitraries.oneOf(
                    percentEncoded(),
                    Arbitraries.of("web", "*", "", "0", "-1", "18446744073709551616", "a%20b")))
            .as((k, v) -> k + "=" + v);
    return Combinators.combine(route, percentEncoded(), param.list().ofMaxSize(4))
        .as(
            (r, suffix, params) ->
                r
                    + (r.endsWith("/") ? suffix : "")
                    + (params.isEmpty() ? "" : "?" + String.join("&", params)));
  }

  @Provide
  Arbitrary<String> bodies() {
    Arbitrary<String> scalar =
        Arbitraries.oneOf(
            Arbitraries.strings().ofMaxLength(10).map(HttpFuzzTest::quote),
            Arbitraries.integers().map(String::valueOf),
            Arbitraries.of("null", "true", "[]", "{}", "1e999", "-0", "\"1ns\"", "\"99999h\""));
    Arbitrary<String> field =
        Arbitraries.of(
            "Name",
            "ID",
            "Port",
            "Address",
            "Tags",
            "Meta",
            "Check",
            "Checks",
            "TTL",
            "Interval",
            "Timeout",
            "Service",
            "Node",
            "Action",
            "SourceName",
            "DestinationName",
            "Permissions",
            "Sources",
            "Kind",
            "Provider",
            "Config",
            "PrivateKey",
            "RootCert",
            "LockDelay",
            "Behavior",
            "KV",
            "Verb",
            "Key",
            "Value",
            "ServiceIdentities",
            "Policies",
            "Weights",
            "Connect",
            "Native",
            "Precedence");
    Arbitrary<String> object =
        Combinators.combine(field, scalar)
            .as((k, v) -> quote(k) + ":" + v)
            .list()
            .ofMaxSize(5)
            .map(l -> "{" + String.join(",", l) + "}");
    Arbitrary<String> nested =
        Combinators.combine(field, object).as((k, v) -> "{" + quote(k) + ":" + v + "}");
    Arbitrary<String> pem =
        Arbitraries.strings()
            .ofMaxLength(40)
            .map(
                s ->
                    "{\"Provider\":\"consul\",\"Config\":{\"PrivateKey\":"
                        + quote(
                            "-----BEGIN EC PRIVATE KEY-----\n"
                                + s
                                + "\n-----END EC PRIVATE KEY-----")
                        + ",\"RootCert\":"
                        + quote("-----BEGIN CERTIFICATE-----\n" + s + "\n-----END CERTIFICATE-----")
                        + "}}");
    return Arbitraries.oneOf(
        object,
        nested,
        object.map(o -> "[" + o + "]"),
        pem,
        Arbitraries.strings().ofMaxLength(30),
        Arbitraries.just(""));
  }

  private static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append('"').toString();
  }
}
