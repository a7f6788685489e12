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

import com.fasterxml.jackson.databind.JsonNode;
import io.nativemesh.server.internal.http.ConsulJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** An in-process server on an ephemeral port plus a small java.net.http client for tests. */
final class TestServer implements AutoCloseable {
  final ConsulServer server;
  private final HttpClient client =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(5))
          .version(HttpClient.Version.HTTP_1_1)
          .build();

  TestServer(ServerConfig.Builder config) {
    try {
      server = ConsulServer.start(config.httpPort(0).build());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static TestServer dev() {
    return new TestServer(ServerConfig.builder().dev(true).nodeName("test-node"));
  }

  HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  HttpResponse<String> put(String path, String body) {
    return send(
        HttpRequest.newBuilder(uri(path))
            .PUT(HttpRequest.BodyPublishers.ofString(body == null ? "" : body)));
  }

  HttpResponse<String> post(String path, String body) {
    return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  HttpResponse<String> delete(String path) {
    return send(HttpRequest.newBuilder(uri(path)).DELETE());
  }

  HttpResponse<String> send(HttpRequest.Builder b) {
    try {
      return client.send(
          b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  URI uri(String path) {
    return URI.create(server.httpUrl() + path);
  }

  static JsonNode json(HttpResponse<String> r) {
    try {
      return ConsulJson.mapper().readTree(r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static long index(HttpResponse<String> r) {
    return Long.parseLong(
        r.headers()
            .firstValue("X-Consul-Index")
            .orElseThrow(() -> new AssertionError("no X-Consul-Index")));
  }

  @Override
  public void close() {
    server.close();
  }
}
