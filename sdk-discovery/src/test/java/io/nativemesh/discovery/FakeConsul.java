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

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.nativemesh.blocking.WatchOptions;
import io.nativemesh.blocking.Watches;
import io.nativemesh.consul.ConsulClient;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * A WireMock "Consul agent" on 127.0.0.1 serving {@code /v1/health/connect/:service} and {@code
 * /v1/connect/intentions/match} in Consul's documented shapes, with a client and watches on it.
 * Blocking reads answer at once with an unchanged index (as a catalog whose wait ran out does); the
 * watch loop is rate-limited to a few reads a second, and {@link #refresh} reads again at once.
 */
public final class FakeConsul implements AutoCloseable {
  public final WireMockServer wm;
  public final ConsulClient client;
  public final Watches watches;
  private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1);
  private final AtomicLong index = new AtomicLong(10);

  public FakeConsul() {
    wm = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
    wm.start();
    client =
        ConsulClient.builder()
            .address("127.0.0.1:" + wm.port())
            .requestTimeout(Duration.ofSeconds(5))
            .build();
    watches =
        new Watches(
            client,
            WatchOptions.DEFAULTS
                .withWait(Duration.ofSeconds(30))
                .withBackoff(Duration.ofMillis(20), Duration.ofMillis(200))
                .withRateLimit(1, Duration.ofMillis(200)),
            Clock.systemUTC(),
            scheduler);
  }

  /**
   * One health/connect row, Consul API shape.
   *
   * @param service the service
   * @param id the instance ID
   * @param node the node name
   * @param datacenter the node's datacenter ({@code ""} to omit it)
   * @param address the service address
   * @param port the service port
   * @return the JSON object
   */
  public static String entry(
      String service, String id, String node, String datacenter, String address, int port) {
    return "{\"Node\":{\"ID\":\""
        + node
        + "-id\",\"Node\":\""
        + node
        + "\",\"Address\":\"10.255.255.1\",\"Datacenter\":\""
        + datacenter
        + "\"},\"Service\":{\"ID\":\""
        + id
        + "\",\"Service\":\""
        + service
        + "\",\"Tags\":[],\"Address\":\""
        + address
        + "\",\"Port\":"
        + port
        + ",\"Connect\":{\"Native\":true}},\"Checks\":[{\"CheckID\":\"serfHealth\","
        + "\"Status\":\"passing\"},{\"CheckID\":\"service:"
        + id
        + "\",\"Status\":\"passing\",\"ServiceID\":\""
        + id
        + "\"}]}";
  }

  /**
   * Lists passing instances {@code <service>-1..n} on nodes {@code node-1..n} in dc1.
   *
   * @param service the service
   * @param addresses their addresses
   */
  public void instances(String service, InetSocketAddress... addresses) {
    List<String> rows = new ArrayList<>();
    for (int i = 0; i < addresses.length; i++) {
      rows.add(
          entry(
              service,
              service + "-" + (i + 1),
              "node-" + (i + 1),
              "dc1",
              addresses[i].getAddress().getHostAddress(),
              addresses[i].getPort()));
    }
    healthConnect(service, "[" + String.join(",", rows) + "]");
  }

  /**
   * @param service the service
   * @param json the response body of {@code /v1/health/connect/<service>}
   */
  public void healthConnect(String service, String json) {
    respond("/v1/health/connect/" + service, "allow", json);
  }

  /**
   * @param destination the destination service
   * @param defaultAclPolicy {@code allow} or {@code deny}
   * @param intentionsJson the JSON array of intentions for it, in evaluation order
   */
  public void intentions(String destination, String defaultAclPolicy, String intentionsJson) {
    respond(
        "/v1/connect/intentions/match",
        defaultAclPolicy,
        "{\"" + destination + "\":" + intentionsJson + "}");
  }

  /**
   * Answers reads of {@code path}, blocking or not, at once with a new index.
   *
   * @param path the request path
   * @param defaultAclPolicy the {@code X-Consul-Default-ACL-Policy} header
   * @param body the JSON body
   */
  public void respond(String path, String defaultAclPolicy, String body) {
    String i = String.valueOf(index.incrementAndGet());
    wm.stubFor(
        get(urlPathEqualTo(path))
            .willReturn(
                aResponse()
                    .withHeader("X-Consul-Index", i)
                    .withHeader("X-Consul-Default-ACL-Policy", defaultAclPolicy)
                    .withBody(body)));
  }

  /**
   * Makes the shared health/connect watch of {@code service} read again now, and waits until {@code
   * seen} holds (listeners are told after the read completes).
   *
   * @param service the service
   * @param seen the condition the new answer establishes
   * @throws Exception if the read failed
   * @throws AssertionError if the condition does not hold within 10 s
   */
  public void refresh(String service, BooleanSupplier seen) throws Exception {
    watches.healthConnect(service, null).refreshNow().get(10, TimeUnit.SECONDS);
    Eventually.await(seen, "the new catalog answer for " + service);
  }

  /**
   * @param policy the upstream policy of every service
   * @return a resolver over this fake, in dc1; close it before this
   */
  public UpstreamResolver resolver(UpstreamPolicy policy) {
    return new UpstreamResolver(
        watches,
        WatchOptions.DEFAULTS,
        () -> "dc1",
        Duration.ofSeconds(10),
        policy,
        System::nanoTime);
  }

  @Override
  public void close() {
    watches.close();
    scheduler.shutdownNow();
    client.close();
    wm.stop();
  }
}
