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
package io.nativemesh.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nativemesh.blocking.WatchOptions;
import io.nativemesh.tls.MeshSslContexts;
import io.nativemesh.tls.MeshStateStore;
import io.nativemesh.tls.MeshTrustManager;
import io.nativemesh.tls.TlsPolicy;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import okhttp3.ConnectionSpec;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link MeshHttpClients}: the client's TLS-only specs, the pooled connections dropped when our
 * leaf rotates, and host checks on pinned instance names.
 */
class MeshHttpClientsTest {
  private final TestMesh mesh = new TestMesh();
  private FakeConsul consul;
  private MeshStateStore api;
  private UpstreamResolver resolver;
  private OkHttpClient client;
  private TlsHttpServer web;

  @BeforeEach
  void start() throws IOException {
    consul = new FakeConsul();
    api = mesh.store(TestMesh.uri("api"), List.of(), false);
    resolver =
        new UpstreamResolver(
            consul.watches,
            WatchOptions.DEFAULTS,
            () -> "dc1",
            Duration.ofSeconds(10),
            UpstreamPolicy.DEFAULT,
            System::nanoTime);
    client =
        MeshHttpClients.create(
            new OkHttpClient(),
            MeshSslContexts.sslContext(api, TlsPolicy.DEFAULT),
            new MeshTrustManager(api, TlsPolicy.DEFAULT),
            api,
            resolver,
            new RefusalDiagnostics(consul.client));
    MeshStateStore webStore =
        mesh.store(TestMesh.uri("web"), List.of(TestMesh.intention("api", "web", "allow")), false);
    web =
        new TlsHttpServer(
            "web-1",
            MeshSslContexts.sslContext(webStore, TlsPolicy.DEFAULT),
            TlsHttpServer.Mode.ANSWER);
    consul.instances("web", web.address());
  }

  @AfterEach
  void stop() throws IOException {
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
    web.close();
    resolver.close();
    consul.close();
  }

  private String get(String url) throws IOException {
    try (Response r = client.newCall(new Request.Builder().url(url).build()).execute()) {
      return r.body().string();
    }
  }

  @Test
  void onlyModernTlsIsSpoken() {
    assertEquals(List.of(ConnectionSpec.MODERN_TLS), client.connectionSpecs());
  }

  @Test
  void pooledConnectionsAreDroppedWhenOurLeafRotatesButNotOnOtherChanges() throws Exception {
    assertEquals("web-1", get("http://web/a"));
    assertEquals(1, client.connectionPool().idleConnectionCount());

    api.publish(
        api.current()
            .withTrust(api.current().trust())); // same generation: roots or intentions changed
    assertEquals(
        1, client.connectionPool().idleConnectionCount(), "a non-rotation change evicted the pool");

    api.publish(mesh.state(2, TestMesh.uri("api"), List.of(), false));
    assertEquals(
        0,
        client.connectionPool().idleConnectionCount(),
        "connections made with the old leaf survived a rotation");

    assertEquals("web-1", get("http://web/b"));
    assertEquals(2, web.accepted(), "the request after the rotation must open a new connection");
  }

  @Test
  void aPinnedNameOfAnotherServiceFailsTheHostCheck() {
    String pinned = resolver.endpoints("web").get(0).meshHost().replace(".web.", ".billing.");
    IOException e =
        assertThrows(
            IOException.class,
            () -> get("https://" + pinned + ":" + web.address().getPort() + "/x"));
    assertTrue(String.valueOf(e.getMessage()).contains("billing"), "got " + e);
    assertEquals(List.of(), web.requests(), "the request reached the wrong service");
  }
}
