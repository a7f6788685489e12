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

import io.nativemesh.discovery.Endpoint;
import io.nativemesh.discovery.UpstreamResolver;
import io.nativemesh.discovery.UpstreamTarget;
import io.nativemesh.netty.TlsEngine;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.RequestOptions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;

/**
 * The SDK's load balancer takes an {@code EndpointLease} when Vert.x selects a server; the lease
 * counts the instance's outstanding requests (P2C, least outstanding) and holds a circuit-breaker
 * permission. A selection that Vert.x never follows with a request — here, the client is closed
 * while the upstream is being resolved — must not leave the lease open; a request that does start
 * keeps its lease until its response ends. A closed TCP client's connects count against no
 * instance.
 */
class LeaseReleaseTest {

  private static int awaitValue(IntSupplier v, int expected) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    int now = v.getAsInt();
    while (now != expected && System.nanoTime() < deadline) {
      Thread.sleep(20);
      now = v.getAsInt();
    }
    return now;
  }

  @Test
  void aSelectionWithoutARequestReleasesItsLeaseAndARequestHoldsItsLeaseToTheEnd()
      throws Exception {
    try (VertxFixture f = new VertxFixture()) {
      f.allow("greeter", "name");
      VertxMesh name = f.mesh("name", false, TlsEngine.JDK);
      HttpServer http =
          await(
              f.vertx
                  .createHttpServer(name.httpServerOptions())
                  .requestHandler(
                      req -> {
                        if (req.path().equals("/slow")) {
                          f.vertx.setTimer(600, t -> req.response().end("slow"));
                        } else {
                          req.response().end("fast");
                        }
                      })
                  .listen(0, "127.0.0.1"));
      await(name.register(http.actualPort()));
      VertxMesh greeter = f.mesh("greeter", false, TlsEngine.JDK);
      HttpClient client = greeter.httpClient();
      f.track(client::close);
      HttpClient used = greeter.httpClient();
      try {
        assertEquals("200 fast", VertxMeshTest.firstGet(used, "name", "/"));
      } finally {
        await(used.close());
      }
      UpstreamResolver upstreams = greeter.meshService().upstreams();
      UpstreamTarget target = upstreams.target("name");
      List<Endpoint> endpoints = upstreams.endpoints(target);
      assertEquals(1, endpoints.size(), "one instance of name: " + endpoints);
      Endpoint e = endpoints.get(0);
      IntSupplier outstanding = () -> upstreams.outstanding(target, e);
      assertEquals(0, awaitValue(outstanding, 0), "after a completed request");

      // 1. a request that starts holds its lease until the response ends, then releases it
      Future<String> slow = VertxMeshTest.get(client, "name", "/slow");
      assertEquals(1, awaitValue(outstanding, 1), "while /slow is in flight");
      Thread.sleep(200); // well past the selection's event-loop task
      assertEquals(1, outstanding.getAsInt(), "the in-flight request lost its lease");
      assertEquals("200 slow", await(slow));
      assertEquals(0, awaitValue(outstanding, 0), "after /slow ended");

      // the same for a request started by this thread, outside any Vert.x context (Vert.x gives it
      // a fresh context; its selection and its interaction still happen in one task there)
      Future<String> fromOutside =
          client
              .request(new RequestOptions().setServer(MeshAddress.of("name")).setURI("/slow"))
              .compose(HttpClientRequest::send)
              .compose(resp -> resp.body().map(b -> resp.statusCode() + " " + b));
      assertEquals(1, awaitValue(outstanding, 1), "while /slow is in flight from outside");
      Thread.sleep(200);
      assertEquals(1, outstanding.getAsInt(), "the request from outside lost its lease");
      assertEquals("200 slow", await(fromOutside));
      assertEquals(0, awaitValue(outstanding, 0), "after /slow from outside ended");

      // 2. a client closed while the upstream is being resolved: when the resolution completes
      // before the close reaches the connection pool, the request starts and fails in the pool
      // (reported); when after, Vert.x selects a server, finds the pool closed ("Resource manager
      // closed") and never starts the request. Repeat until the second order happened 3 times.
      int selectedThenClosed = 0;
      for (int i = 0; i < 40 && selectedThenClosed < 3; i++) {
        HttpClient closing = greeter.httpClient();
        Promise<HttpClientRequest> started = Promise.promise();
        VertxFixture.callerContext()
            .runOnContext(
                v -> {
                  closing
                      .request(new RequestOptions().setServer(MeshAddress.of("name")).setURI("/"))
                      .onComplete(started);
                  closing.close();
                });
        Throwable why = failure(started.future());
        assertNotNull(why, "the closed client's request failed");
        if (String.valueOf(why.getMessage()).startsWith("Resource manager")) {
          selectedThenClosed++;
        }
        assertEquals(
            0,
            awaitValue(outstanding, 0),
            "outstanding on " + e + " after a closed client's request failed with " + why);
      }
      assertTrue(selectedThenClosed > 0, "no request was selected after its client closed");
      assertEquals(List.of(), upstreams.ejected(target), "ejected by closed clients' failures");

      // 3. a closed TCP client: its connects fail, and count against no instance (five failures
      // charged to name's only instance would have ejected it from the shared resolver)
      MeshNetClient tcp = greeter.netClient();
      tcp.close();
      for (int i = 0; i < 5; i++) {
        assertNotNull(failure(tcp.connect("name")), "a closed client connected");
      }
      assertEquals(0, awaitValue(outstanding, 0), "after a closed TCP client's connects");
      assertEquals(List.of(), upstreams.ejected(target), "ejected by a closed client's failures");

      // the lease accounting is still right for requests that run
      assertEquals("200 fast", await(VertxMeshTest.get(client, "name", "/")));
      assertEquals(0, awaitValue(outstanding, 0), "after a request on the open client");
    }
  }
}
