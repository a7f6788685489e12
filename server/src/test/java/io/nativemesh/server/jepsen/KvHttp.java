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
package io.nativemesh.server.jepsen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * The few Consul KV calls the workload makes, over the JDK's HTTP client with a per-request timeout
 * (Consul API: /v1/kv). Deliberately without the SDK's failover: the harness records each outcome
 * exactly as one server gave it. Thread-safe.
 */
final class KvHttp {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final Duration timeout;

  KvHttp(Duration timeout) {
    this.timeout = timeout;
  }

  /** A read of one key: its value (a decimal number), ModifyIndex and the X-Consul-Index. */
  record Read(long value, long modifyIndex, long index) {}

  /** A call the server answered with an error status. */
  static final class StatusException extends IOException {
    final int status;

    StatusException(int status, String body) {
      super(status + " " + body);
      this.status = status;
    }
  }

  /**
   * @return the key's value, or null if absent
   * @throws ConnectException if the server was not reachable (so nothing was sent)
   * @throws IOException on timeout or an error status
   */
  Read read(String base, String key, String mode) throws IOException, InterruptedException {
    HttpResponse<String> r = send(HttpRequest.newBuilder(uri(base, key, mode)).GET());
    if (r.statusCode() == 404) {
      return null;
    }
    check(r);
    JsonNode e = JSON.readTree(r.body()).get(0);
    String v =
        new String(Base64.getDecoder().decode(e.get("Value").asText()), StandardCharsets.UTF_8);
    return new Read(
        Long.parseLong(v),
        e.get("ModifyIndex").asLong(),
        Long.parseLong(r.headers().firstValue("X-Consul-Index").orElse("0")));
  }

  /**
   * @param query e.g. {@code cas=12}, or empty
   * @return the server's true/false answer
   */
  boolean put(String base, String key, String query, String value)
      throws IOException, InterruptedException {
    HttpResponse<String> r =
        send(
            HttpRequest.newBuilder(uri(base, key, query))
                .PUT(HttpRequest.BodyPublishers.ofString(value)));
    check(r);
    return Boolean.parseBoolean(r.body().trim());
  }

  /** Every key below {@code prefix} with its raw value, read from this server alone. */
  Map<String, String> dump(String base, String prefix) throws IOException, InterruptedException {
    HttpResponse<String> r = send(HttpRequest.newBuilder(uri(base, prefix, "recurse&stale")).GET());
    Map<String, String> out = new TreeMap<>();
    if (r.statusCode() == 404) {
      return out;
    }
    check(r);
    for (JsonNode e : JSON.readTree(r.body())) {
      JsonNode v = e.get("Value");
      out.put(
          e.get("Key").asText(),
          v == null || v.isNull()
              ? ""
              : new String(Base64.getDecoder().decode(v.asText()), StandardCharsets.UTF_8));
    }
    return out;
  }

  /** {@code GET /v1/status/leader} of one server: the leader's address, "" if none. */
  String leader(String base) throws IOException, InterruptedException {
    HttpResponse<String> r =
        send(HttpRequest.newBuilder(URI.create(base + "/v1/status/leader")).GET());
    check(r);
    return JSON.readTree(r.body()).asText("");
  }

  private HttpResponse<String> send(HttpRequest.Builder b)
      throws IOException, InterruptedException {
    return http.send(b.timeout(timeout).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void check(HttpResponse<String> r) throws StatusException {
    if (r.statusCode() != 200) {
      throw new StatusException(r.statusCode(), r.body().trim());
    }
  }

  private static URI uri(String base, String key, String query) {
    return URI.create(base + "/v1/kv/" + key + (query.isEmpty() ? "" : "?" + query));
  }
}
