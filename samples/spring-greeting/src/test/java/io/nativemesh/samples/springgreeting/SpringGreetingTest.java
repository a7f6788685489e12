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
package io.nativemesh.samples.springgreeting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nativemesh.MeshService;
import io.nativemesh.server.ServerConfig;
import io.nativemesh.spring.MeshTestServer;
import java.io.IOException;
import java.time.Duration;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The getting-started steps, against the companion server in-process: the Spring greeting (its own
 * {@code application.properties}) serves mutual TLS from the {@code nativemesh} bundle; a plain-SDK
 * {@code greeter} calls it by name and it calls the plain-SDK {@code name} by name; an intruder
 * with a valid mesh certificate but no intention is refused; the leaf (TTL 3 s) rotates and the
 * next call still succeeds.
 */
class SpringGreetingTest {
  private static Response get(MeshService caller, String url) throws IOException {
    return caller.httpClient().newCall(new Request.Builder().url(url).build()).execute();
  }

  private static String greetEventually(MeshService greeter) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (true) {
      try (Response r = get(greeter, "http://greeting/")) {
        String body = r.body().string();
        assertEquals(200, r.code(), body);
        return body;
      } catch (IOException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(100);
      }
    }
  }

  // tag::spring-test[]
  @Test
  void greetingServedOverMutualTlsCalledByNameIntruderRefusedLeafRotates() throws Exception {
    System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
    try (MeshTestServer mesh =
        new MeshTestServer(ServerConfig.builder().leafCertTtl(Duration.ofSeconds(3)))) {
      mesh.allow("greeter", "greeting");
      mesh.allow("greeting", "name");
      mesh.serve("name", "Jackson");
      MeshService greeter = mesh.service("greeter");
      MeshService intruder = mesh.service("intruder");

      try (ConfigurableApplicationContext greeting =
          SpringApplication.run(
              SpringGreeting.class,
              "--nativemesh.consul.address=" + mesh.server.httpUrl(),
              "--nativemesh.ready-timeout=20s")) {
        String body = greetEventually(greeter);
        assertTrue(body.endsWith("(greeting-spring, asked by greeter; name says Jackson)"), body);

        // a valid mesh certificate but no intention intruder => greeting: refused in the handshake
        assertThrows(IOException.class, () -> get(intruder, "http://greeting/").close());

        // the leaf rotates (TTL 3 s) without a restart; the next call is served
        MeshService self = greeting.getBean(MeshService.class);
        String serial = self.state().serialHex();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (serial.equals(self.state().serialHex()) && System.nanoTime() < deadline) {
          Thread.sleep(100);
        }
        assertNotEquals(serial, self.state().serialHex());
        assertTrue(greetEventually(greeter).contains("asked by greeter"));
      }
    }
  }
  // end::spring-test[]
}
