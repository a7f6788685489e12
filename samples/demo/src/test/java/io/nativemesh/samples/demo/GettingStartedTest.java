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
package io.nativemesh.samples.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsServer;
import io.nativemesh.MeshService;
import io.nativemesh.consul.ConsulClient;
import io.nativemesh.server.ConsulServer;
import io.nativemesh.server.DefaultIntentionPolicy;
import io.nativemesh.server.ServerConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/**
 * The steps of the site's plain-Java getting-started page, in the order the page shows them: a
 * companion server in dev mode with a deny-by-default policy, one intention, a {@code greeting}
 * service on the JDK's HTTPS server, a {@code web} client calling it by name over mTLS, a leaf
 * rotation seen by the client with no failed call, and an {@code intruder} refused in the
 * handshake. The page includes the tagged regions of this file, so it cannot drift from it.
 */
class GettingStartedTest {

  @Test
  void twoServicesTalkMutualTlsRotateAndRefuseAnIntruder() throws Exception {
    // tag::server[]
    // the same as: nativemesh-server agent -dev -default-intention-policy deny -leaf-cert-ttl 3s
    ConsulServer server =
        ConsulServer.start(
            ServerConfig.builder()
                .httpPort(0) // 8500 by default; 0 picks a free port for the test
                .dev(true)
                .defaultIntentionPolicy(DefaultIntentionPolicy.DENY)
                .leafCertTtl(Duration.ofSeconds(3)) // short, so that rotation is visible
                .build());
    // end::server[]
    // tag::intention[]
    ConsulClient consul = ConsulClient.builder().address(server.httpUrl()).build();
    consul.intentions().upsertExact("web", "greeting", "allow", "web may call greeting");
    // end::intention[]
    try (server;
        consul) {
      // tag::greeting[]
      MeshService greeting = MeshService.builder("greeting").consul(consul).build();
      greeting.awaitReady(Duration.ofSeconds(30)); // leaf, roots and intentions loaded
      HttpsServer https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      https.setHttpsConfigurator(new HttpsConfigurator(greeting.serverSslContext()));
      https.createContext(
          "/",
          exchange -> {
            String caller =
                MeshService.peerIdentity(((HttpsExchange) exchange).getSSLSession()).service();
            byte[] body = ("hello, " + caller).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(body);
            }
          });
      https.start();
      greeting.register("greeting-1", "127.0.0.1", https.getAddress().getPort());
      // end::greeting[]
      try (greeting) {
        // tag::web[]
        MeshService web = MeshService.builder("web").consul(consul).build();
        web.awaitReady(Duration.ofSeconds(30));
        OkHttpClient http = web.httpClient(); // resolves http://greeting/ through the mesh
        // end::web[]
        try (web) {
          assertEquals("hello, web", call(http));

          // tag::rotation[]
          long before = web.state().generation();
          web.addStateListener(
              (previous, current) ->
                  System.out.println("web rotated to leaf generation " + current.generation()));
          // end::rotation[]
          long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
          int calls = 0;
          while (web.state().generation() < before + 2 || greeting.state().generation() < 3) {
            assertEquals("hello, web", call(http)); // no call fails while leaves rotate
            calls++;
            if (System.nanoTime() > deadline) {
              fail("no two rotations within 20 s (" + web.state().generation() + ")");
            }
            Thread.sleep(50);
          }
          assertTrue(calls > 0);

          // tag::intruder[]
          try (MeshService intruder = MeshService.builder("intruder").consul(consul).build()) {
            intruder.awaitReady(Duration.ofSeconds(30));
            Request request = new Request.Builder().url("http://greeting/").build();
            try (Response r = intruder.httpClient().newCall(request).execute()) {
              fail("intruder got an answer: " + r.code());
            } catch (IOException refused) {
              System.out.println(refused.getMessage());
              // end::intruder[]
              assertTrue(
                  refused
                      .getMessage()
                      .contains(
                          "No intention matches intruder => greeting;"
                              + " default intention policy is deny"),
                  refused.getMessage());
              // tag::intruder[]
            }
          }
          // end::intruder[]
        } finally {
          https.stop(0);
        }
      }
    }
  }

  private static String call(OkHttpClient http) throws IOException {
    // tag::call[]
    Request request = new Request.Builder().url("http://greeting/").build();
    try (Response response = http.newCall(request).execute()) {
      return response.body().string(); // "hello, web"
    }
    // end::call[]
  }
}
