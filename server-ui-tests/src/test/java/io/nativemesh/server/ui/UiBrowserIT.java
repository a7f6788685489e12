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
package io.nativemesh.server.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.nativemesh.MeshService;
import io.nativemesh.consul.ConsulClient;
import io.nativemesh.consul.QueryOptions;
import io.nativemesh.test.FakeUpstream;
import io.nativemesh.test.NativeMesh;
import io.nativemesh.test.NativeMeshExtension;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The web UI in a real browser (Debian's chromium, headless, driven by puppeteer-core from {@code
 * src/test/js/ui-check.mjs}) against the server with ACLs on and real data: anonymous sees 403
 * pages, a management token unlocks; services, the intention matrix, the CA and KV render; an
 * intention created in the UI is then enforced by a running SDK service; no console errors.
 */
class UiBrowserIT {
  @RegisterExtension
  static NativeMeshExtension ext = NativeMeshExtension.builder().acl(true).build();

  private static Path require(String program, String debianPackage) {
    for (String dir : new String[] {"/usr/bin", "/usr/local/bin"}) {
      Path p = Path.of(dir, program);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    String why = program + " not found: apt-get install -y " + debianPackage;
    if ("true".equals(System.getenv("CI"))) {
      throw new AssertionError(why);
    }
    Assumptions.abort(why);
    return null;
  }

  private static int run(ProcessBuilder pb, Path log, long seconds) throws Exception {
    pb.redirectErrorStream(true).redirectOutput(log.toFile());
    Process p = pb.start();
    if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(pb.command() + " timed out:\n" + Files.readString(log));
    }
    return p.exitValue();
  }

  private static String call(MeshService from, String service) throws IOException {
    try (Response r =
        from.httpClient()
            .newCall(new Request.Builder().url("http://" + service + "/").build())
            .execute()) {
      return r.code() + " " + r.body().string();
    }
  }

  private static HttpsServer serve(MeshService api) throws IOException {
    HttpsServer http =
        HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    http.setHttpsConfigurator(new HttpsConfigurator(api.serverSslContext()));
    http.createContext(
        "/",
        ex -> {
          byte[] b = "api says hi".getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(200, b.length);
          ex.getResponseBody().write(b);
          ex.close();
        });
    http.start();
    return http;
  }

  /**
   * A TCP relay to the server whose server-to-client direction can be frozen: the client's requests
   * still reach the server, its answers are held back — a service whose renewals silently stopped.
   */
  static final class OneWayRelay implements AutoCloseable {
    private final ServerSocket socket;
    private final String host;
    private final int port;
    private volatile boolean frozen;

    OneWayRelay(String host, int port) throws IOException {
      this.host = host;
      this.port = port;
      this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      daemon(this::accept);
    }

    int port() {
      return socket.getLocalPort();
    }

    void freeze(boolean on) {
      frozen = on;
    }

    private static void daemon(Runnable r) {
      Thread t = new Thread(r, "one-way-relay");
      t.setDaemon(true);
      t.start();
    }

    private void accept() {
      while (!socket.isClosed()) {
        try {
          Socket in = socket.accept();
          Socket out = new Socket(host, port);
          daemon(() -> pipe(in, out, false));
          daemon(() -> pipe(out, in, true));
        } catch (IOException e) {
          // closed
        }
      }
    }

    private void pipe(Socket from, Socket to, boolean answers) {
      byte[] buf = new byte[8192];
      try (from;
          to) {
        InputStream i = from.getInputStream();
        OutputStream o = to.getOutputStream();
        for (int n; (n = i.read(buf)) >= 0; ) {
          while (answers && frozen && !socket.isClosed()) {
            Thread.sleep(50);
          }
          o.write(buf, 0, n);
          o.flush();
        }
      } catch (IOException e) {
        // one side closed
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public void close() throws IOException {
      frozen = false;
      socket.close();
    }
  }

  @Test
  void browserSeesForbiddenThenUnlocksEditsAndTheSdkEnforcesIt(NativeMesh mesh) throws Exception {
    Path node = require("node", "nodejs");
    Path npm = require("npm", "npm");
    Path chromium = require("chromium", "chromium");
    Path dir = Path.of("").toAbsolutePath();
    Path target = dir.resolve("target");
    Files.createDirectories(target);
    if (!Files.isDirectory(dir.resolve("node_modules/puppeteer-core"))) {
      ProcessBuilder ci =
          new ProcessBuilder(npm.toString(), "ci", "--ignore-scripts", "--no-audit", "--no-fund");
      ci.directory(dir.toFile()).environment().put("PUPPETEER_SKIP_DOWNLOAD", "true");
      int code = run(ci, target.resolve("npm-ci.log"), 300);
      assertEquals(0, code, Files.readString(target.resolve("npm-ci.log")));
    }

    URI server = URI.create(mesh.serverAddress());
    try (ConsulClient consul = mesh.client(mesh.managementToken());
        OneWayRelay relay = new OneWayRelay(server.getHost(), server.getPort());
        ConsulClient cut =
            ConsulClient.builder()
                .address("http://127.0.0.1:" + relay.port())
                .token(mesh.managementToken())
                // cut off, each heartbeat waits for its answer this long: well within the TTL
                .requestTimeout(Duration.ofSeconds(1))
                .build();
        MeshService api = MeshService.builder("api").consul(consul).build();
        MeshService staleApi = MeshService.builder("api").consul(cut).build();
        MeshService web = MeshService.builder("web").consul(consul).build()) {
      api.awaitReady(Duration.ofSeconds(20));
      HttpsServer http = serve(api);
      HttpsServer http2 = null;
      try {
        api.register("api-1", "127.0.0.1", http.getAddress().getPort());
        web.awaitReady(Duration.ofSeconds(20));
        FakeUpstream billing = mesh.upstream("billing").id("billing-1").start();
        mesh.faults().markCritical(billing.id(), "disk full");
        mesh.client().write("PUT", "/v1/kv/config/greeting", Map.of(), "hello", null);
        // before: web may not call api (default deny), refused by api's SDK in the handshake
        assertThrows(IOException.class, () -> call(web, "api"));

        // api-2: a second api instance whose answers from the server are then cut (its requests,
        // the TTL heartbeats with the leaf it serves, still arrive); after a CA root rotation
        // api-1 renews, api-2 keeps serving its leaf of the previous root
        String oldSerial = api.state().serialHex();
        staleApi.awaitReady(Duration.ofSeconds(20));
        assertEquals(oldSerial, staleApi.state().serialHex());
        http2 = serve(staleApi);
        staleApi.register("api-2", "127.0.0.1", http2.getAddress().getPort());
        relay.freeze(true);
        mesh.faults().rotateCaRoot();
        long renewed = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (api.state().serialHex().equals(oldSerial) && System.nanoTime() < renewed) {
          Thread.sleep(100);
        }
        assertTrue(!api.state().serialHex().equals(oldSerial), "api-1 did not renew");
        assertEquals(oldSerial, staleApi.state().serialHex(), "api-2 renewed behind the cut");

        ProcessBuilder pb =
            new ProcessBuilder(node.toString(), "src/test/js/ui-check.mjs").directory(dir.toFile());
        pb.environment().put("NM_URL", mesh.serverAddress());
        pb.environment().put("NM_TOKEN", mesh.managementToken());
        pb.environment().put("CHROMIUM", chromium.toString());
        pb.environment().put("NM_STALE_INSTANCE", "api-2");
        pb.environment().put("NM_FRESH_INSTANCE", "api-1");
        pb.environment().put("NM_OLD_SERIAL", oldSerial);
        Path log = target.resolve("ui-check.log");
        int code = run(pb, log, 180);
        String out = Files.readString(log);
        assertEquals(0, code, out);
        assertTrue(out.contains("step: intention-created web -> api allow"), out);
        assertTrue(out.contains("step: CA page warns for instance api-2"), out);
        assertTrue(out.contains("step: no console errors"), out);
        relay.freeze(false); // api-2 hears the server again (and deregisters cleanly when closed)
        staleApi.close();

        // after: the running SDK service enforces the intention created in the browser
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        String answer = null;
        while (answer == null && System.nanoTime() < deadline) {
          try {
            answer = call(web, "api");
          } catch (IOException e) {
            Thread.sleep(200);
          }
        }
        assertEquals("200 api says hi", answer);

        // and the KV write made in the UI is in the store (then overwritten by the conflict check)
        JsonNode kv =
            ConsulClient.join(
                    mesh.client()
                        .getAsync(
                            "/v1/kv/config/greeting", JsonNode.class, QueryOptions.NONE, false))
                .value();
        assertEquals(
            "changed elsewhere",
            new String(
                Base64.getDecoder().decode(kv.get(0).get("Value").asText()),
                StandardCharsets.UTF_8));
      } finally {
        relay.freeze(false);
        http.stop(0);
        if (http2 != null) {
          http2.stop(0);
        }
      }
    }
  }
}
