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
package io.nativemesh.blocking;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.nativemesh.consul.ConsulClient;
import io.nativemesh.consul.QueryOptions;
import io.nativemesh.core.model.AgentService;
import io.nativemesh.core.model.CaRoots;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The watch loop against WireMock stubs shaped like Consul's responses. */
class BlockingWatchTest {
  private static final String PATH = "/v1/agent/connect/ca/roots";
  private WireMockServer wm;
  private ConsulClient client;
  private Watches watches;

  @BeforeEach
  void setUp() {
    wm = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
    wm.start();
    client =
        ConsulClient.builder()
            .address("127.0.0.1:" + wm.port())
            .requestTimeout(Duration.ofSeconds(2))
            .build();
    WatchOptions fast =
        WatchOptions.DEFAULTS
            .withWait(Duration.ofSeconds(1))
            .withBackoff(Duration.ofMillis(50), Duration.ofMillis(200))
            .withRateLimit(2, Duration.ofMillis(20));
    watches = new Watches(client, fast, Clock.systemUTC(), null);
  }

  @AfterEach
  void tearDown() {
    watches.close();
    client.close();
    wm.stop();
  }

  private static String roots(String td) {
    return "{\"ActiveRootID\":\"aa\",\"TrustDomain\":\"" + td + "\",\"Roots\":[]}";
  }

  private void stub(String index, String queryIndex, String body, int delayMs) {
    var m = get(urlPathEqualTo(PATH));
    m =
        queryIndex == null
            ? m.withQueryParam("index", absent())
            : m.withQueryParam("index", equalTo(queryIndex));
    wm.stubFor(
        m.willReturn(
            aResponse()
                .withStatus(200)
                .withHeader("X-Consul-Index", index)
                .withFixedDelay(delayMs)
                .withBody(body)));
  }

  @Test
  void passesIndexAndSuppressesUnchangedPayloads() throws Exception {
    stub("5", null, roots("a.consul"), 0);
    stub("5", "5", roots("a.consul"), 100); // timeout-like answer: same index, same data
    List<String> seen = new CopyOnWriteArrayList<>();
    Watch<CaRoots> w = watches.caRoots();
    w.subscribe((v, i) -> seen.add(v.trustDomain() + "@" + i));
    assertEquals("a.consul", w.firstValue().get(5, TimeUnit.SECONDS).trustDomain());
    wm.verify(1, getRequestedFor(urlPathEqualTo(PATH)).withQueryParam("index", absent()));
    waitUntil(
        () ->
            wm.countRequestsMatching(
                        getRequestedFor(urlPathEqualTo(PATH))
                            .withQueryParam("index", equalTo("5"))
                            .withQueryParam("wait", equalTo("1000ms"))
                            .build())
                    .getCount()
                >= 3);
    stub("9", "5", roots("b.consul"), 0);
    waitUntil(() -> seen.size() == 2);
    assertEquals(List.of("a.consul@5", "b.consul@9"), seen);
  }

  @Test
  void subscribingNeverWaitsForAnotherListenerAndSeesEachValueOnce() throws Exception {
    stub("5", null, roots("a.consul"), 0);
    stub("5", "5", roots("a.consul"), 100);
    Watch<CaRoots> w = watches.caRoots();
    CountDownLatch inSlowListener = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    w.subscribe(
        (v, i) -> {
          if (v.trustDomain().equals("b.consul")) {
            inSlowListener.countDown();
            try {
              release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        });
    w.firstValue().get(5, TimeUnit.SECONDS);
    stub("9", "5", roots("b.consul"), 0);
    stub("9", "9", roots("b.consul"), 100);
    assertTrue(inSlowListener.await(5, TimeUnit.SECONDS), "the new value reached the listener");
    // the delivery thread now sits in the slow listener; a second subscriber must not wait on it
    List<String> seen = new CopyOnWriteArrayList<>();
    CompletableFuture<AutoCloseable> subscribed =
        CompletableFuture.supplyAsync(() -> w.subscribe((v, i) -> seen.add(v.trustDomain())));
    subscribed.get(2, TimeUnit.SECONDS);
    assertEquals(List.of("b.consul"), seen, "the current value, on the subscribing thread");
    release.countDown();
    Thread.sleep(300); // the delivery thread reaches the second subscriber and must skip it
    assertEquals(List.of("b.consul"), seen, "each value once, never an older one");
  }

  @Test
  void indexGoingBackwardsResetsToZero() throws Exception {
    stub("10", null, roots("a.consul"), 0);
    stub("10", "10", roots("a.consul"), 300);
    Watch<CaRoots> w = watches.caRoots();
    w.firstValue().get(5, TimeUnit.SECONDS);
    // the server restores an older snapshot: its index is now 3
    stub("3", null, roots("b.consul"), 0);
    stub("3", "10", roots("b.consul"), 0);
    stub("3", "3", roots("b.consul"), 200);
    waitUntil(
        () ->
            wm.countRequestsMatching(
                        getRequestedFor(urlPathEqualTo(PATH))
                            .withQueryParam("index", equalTo("3"))
                            .build())
                    .getCount()
                >= 1);
    // after the backwards index the next call was non-blocking (index absent) before blocking on 3
    assertTrue(
        wm.countRequestsMatching(
                    getRequestedFor(urlPathEqualTo(PATH)).withQueryParam("index", absent()).build())
                .getCount()
            >= 2);
    assertEquals("b.consul", w.current().orElseThrow().trustDomain());
  }

  @Test
  void zeroIndexIsClampedToOne() throws Exception {
    stub("0", null, roots("a.consul"), 0);
    stub("0", "1", roots("a.consul"), 200);
    Watch<CaRoots> w = watches.caRoots();
    w.firstValue().get(5, TimeUnit.SECONDS);
    waitUntil(
        () ->
            wm.countRequestsMatching(
                        getRequestedFor(urlPathEqualTo(PATH))
                            .withQueryParam("index", equalTo("1"))
                            .build())
                    .getCount()
                >= 1);
    assertEquals(1, w.index());
  }

  @Test
  void errorsBackOffAndKeepLastGoodValue() throws Exception {
    stub("5", null, roots("a.consul"), 0);
    wm.stubFor(
        get(urlPathEqualTo(PATH))
            .withQueryParam("index", equalTo("5"))
            .willReturn(aResponse().withStatus(500).withBody("rpc error")));
    List<Integer> failures = new CopyOnWriteArrayList<>();
    Watch<CaRoots> w = watches.caRoots();
    w.subscribe(
        new WatchListener<>() {
          @Override
          public void onUpdate(CaRoots value, long index) {}

          @Override
          public void onError(RuntimeException error, int consecutiveFailures) {
            failures.add(consecutiveFailures);
          }
        });
    w.firstValue().get(5, TimeUnit.SECONDS);
    // an error drops back to a non-blocking read, which succeeds, so failures alternate with
    // successes
    waitUntil(() -> failures.size() >= 2);
    assertEquals("a.consul", w.current().orElseThrow().trustDomain());
  }

  @Test
  void refreshNowAbortsAHangingPoll() throws Exception {
    stub("5", null, roots("a.consul"), 0);
    stub("5", "5", roots("a.consul"), 30_000); // a server that silently stops answering
    Watch<CaRoots> w = watches.caRoots();
    w.firstValue().get(5, TimeUnit.SECONDS);
    waitUntil(
        () ->
            wm.countRequestsMatching(
                        getRequestedFor(urlPathEqualTo(PATH))
                            .withQueryParam("index", equalTo("5"))
                            .build())
                    .getCount()
                >= 1);
    stub("6", null, roots("b.consul"), 0);
    long t0 = System.nanoTime();
    CaRoots fresh = w.refreshNow().get(5, TimeUnit.SECONDS);
    assertEquals("b.consul", fresh.trustDomain());
    assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(3));
    assertEquals("b.consul", w.current().orElseThrow().trustDomain());
  }

  @Test
  void hashBlockingForAgentEndpoints() throws Exception {
    String path = "/v1/agent/service/web-1";
    wm.stubFor(
        get(urlPathEqualTo(path))
            .withQueryParam("hash", absent())
            .willReturn(
                aResponse()
                    .withHeader("X-Consul-ContentHash", "h1")
                    .withBody("{\"ID\":\"web-1\",\"Service\":\"web\",\"Port\":1}")));
    wm.stubFor(
        get(urlPathEqualTo(path))
            .withQueryParam("hash", equalTo("h1"))
            .willReturn(
                aResponse()
                    .withFixedDelay(200)
                    .withHeader("X-Consul-ContentHash", "h2")
                    .withBody("{\"ID\":\"web-1\",\"Service\":\"web\",\"Port\":2}")));
    wm.stubFor(
        get(urlPathEqualTo(path))
            .withQueryParam("hash", equalTo("h2"))
            .willReturn(
                aResponse()
                    .withFixedDelay(300)
                    .withHeader("X-Consul-ContentHash", "h2")
                    .withBody("{\"ID\":\"web-1\",\"Service\":\"web\",\"Port\":2}")));
    Watch<AgentService> w =
        watches.watch(
            "GET " + path,
            o -> client.getAsync(path, AgentService.class, o, false),
            QueryOptions.NONE,
            WatchOptions.DEFAULTS
                .withWait(Duration.ofSeconds(1))
                .withHashBlocking()
                .withRateLimit(2, Duration.ofMillis(20)));
    List<Integer> ports = new CopyOnWriteArrayList<>();
    w.subscribe((v, i) -> ports.add(v.port()));
    waitUntil(
        () ->
            wm.countRequestsMatching(
                        getRequestedFor(urlPathEqualTo(path))
                            .withQueryParam("hash", equalTo("h2"))
                            .withQueryParam("wait", equalTo("1000ms"))
                            .build())
                    .getCount()
                >= 2);
    assertEquals(List.of(1, 2), ports);
  }

  private static void waitUntil(BooleanSupplier c) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!c.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met in 10 s");
      }
      Thread.sleep(20);
    }
  }
}
