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
package io.nativemesh.vertx;

import static io.nativemesh.vertx.VertxFixture.await;
import static io.nativemesh.vertx.VertxFixture.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nativemesh.netty.TlsEngine;
import io.nativemesh.tls.MeshStateStore;
import io.nativemesh.tls.MeshTrustManager;
import io.nativemesh.tls.TlsPolicy;
import io.nativemesh.tls.source.AgentAuthorizer;
import io.nativemesh.vertx.internal.MeshServer;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.Address;
import io.vertx.core.net.TrustOptions;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The agent-authorize fallback (a token that may not read intentions) on a Vert.x server: a
 * handshake never waits for the agent on the event loop. The server's state carries an {@link
 * AgentAuthorizer} against the companion server's {@code /v1/agent/connect/authorize} whose calls
 * start only after 2 s (a slow agent); the 10 ms blocked-thread checker watches throughout. The
 * first handshake is refused at once (fail closed) while the agent is asked off the loop; once it
 * answered, the client's next request is served.
 */
class AgentFallbackEventLoopTest {

  @ParameterizedTest
  @EnumSource(TlsEngine.class)
  void aHandshakeAuthorizedByTheAgentNeverWaitsOnTheEventLoop(TlsEngine engine) throws Exception {
    try (VertxFixture f = new VertxFixture()) {
      f.allow("api", "web");
      VertxMesh web = f.mesh("web", false, engine);
      VertxMesh api = f.mesh("api", false, engine);
      ScheduledExecutorService slowAgent = Executors.newSingleThreadScheduledExecutor();
      f.track(slowAgent::shutdownNow);
      AgentAuthorizer agent =
          new AgentAuthorizer(
              f.consul,
              "web",
              Duration.ofSeconds(10),
              Duration.ofSeconds(5),
              r -> slowAgent.schedule(r, 2, TimeUnit.SECONDS),
              Clock.systemUTC());
      MeshStateStore store = new MeshStateStore();
      store.publish(web.meshService().state().withAgentAuthorizer(agent));
      HttpServer server =
          await(
              f.vertx
                  .createHttpServer(
                      web.httpServerOptions()
                          .setTrustOptions(
                              TrustOptions.wrap(
                                  new MeshTrustManager(store, TlsPolicy.DEFAULT).withoutWaiting())))
                  .requestHandler(req -> req.response().end("hello"))
                  .listen(0, "127.0.0.1"));
      f.track(() -> await(server.close()));
      HttpClient client = f.vertx.createHttpClient(api.httpClientOptions().setKeepAlive(false));
      f.track(() -> await(client.close()));
      Address to =
          MeshServer.socketAddress(
              "web.service.consul", new InetSocketAddress("127.0.0.1", server.actualPort()));
      // warm-up (class loading): only an event loop that waits or sits in I/O counts until watched

      long t0 = System.nanoTime();
      Throwable refused = failure(get(client, to));
      long refusedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
      assertNotNull(refused, "the first handshake was not refused");
      assertTrue(refusedMs < 1_500, "the refusal waited " + refusedMs + " ms for a 2 s agent");

      String answer = null;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
      while (answer == null) {
        assertTrue(System.nanoTime() < deadline, "never served after the agent answered");
        Thread.sleep(50);
        try {
          answer = await(get(client, to));
        } catch (RuntimeException e) {
          // still pending
        }
      }
      assertEquals("hello", answer);
      f.watchEventLoops();
      for (int i = 0; i < 20; i++) { // a new connection, and handshake, per request
        assertEquals("hello", await(get(client, to)));
      }
      f.assertNoEventLoopBlocked();
    }
  }

  private static Future<String> get(HttpClient client, Address to) {
    return client
        .request(new RequestOptions().setServer(to).setURI("/").setIdleTimeout(5_000))
        .compose(req -> req.send())
        .compose(resp -> resp.body().map(Object::toString));
  }
}
