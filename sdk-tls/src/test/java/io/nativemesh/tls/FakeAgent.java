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
package io.nativemesh.tls;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.nativemesh.blocking.WatchOptions;
import io.nativemesh.blocking.Watches;
import io.nativemesh.consul.ConsulClient;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;

/** A WireMock "Consul agent" on 127.0.0.1 with a client and fast-looping watches on it. */
final class FakeAgent implements AutoCloseable {
  final WireMockServer wm;
  final ConsulClient client;
  final ScheduledExecutorService scheduler;
  final Watches watches;

  FakeAgent(Duration wait, Duration requestTimeout) {
    wm = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
    wm.start();
    client =
        ConsulClient.builder()
            .address("127.0.0.1:" + wm.port())
            .requestTimeout(requestTimeout)
            .build();
    scheduler = Executors.newScheduledThreadPool(2);
    watches =
        new Watches(
            client,
            WatchOptions.DEFAULTS
                .withWait(wait)
                .withBackoff(Duration.ofMillis(50), Duration.ofMillis(500))
                .withRateLimit(2, Duration.ofMillis(20)),
            Clock.systemUTC(),
            scheduler);
  }

  static String pem(Object o) throws Exception {
    StringWriter w = new StringWriter();
    try (JcaPEMWriter p = new JcaPEMWriter(w)) {
      p.writeObject(o);
    }
    return w.toString();
  }

  static String json(String s) {
    return "\"" + s.replace("\n", "\\n") + "\"";
  }

  @Override
  public void close() {
    watches.close();
    scheduler.shutdownNow();
    client.close();
    wm.stop();
  }
}
