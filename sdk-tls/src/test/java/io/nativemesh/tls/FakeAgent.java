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
    client = ConsulClient.builder().address("127.0.0.1:" + wm.port()).requestTimeout(requestTimeout).build();
    scheduler = Executors.newScheduledThreadPool(2);
    watches = new Watches(client, WatchOptions.DEFAULTS.withWait(wait)
        .withBackoff(Duration.ofMillis(50), Duration.ofMillis(500)).withRateLimit(2, Duration.ofMillis(20)),
        Clock.systemUTC(), scheduler);
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
