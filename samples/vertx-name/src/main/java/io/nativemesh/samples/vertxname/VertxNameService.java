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
package io.nativemesh.samples.vertxname;

import io.nativemesh.MeshService;
import io.nativemesh.netty.TlsEngine;
import io.nativemesh.samples.greeter.Sample;
import io.nativemesh.samples.greeter.WordService;
import io.nativemesh.vertx.MeshAuthorizationHandler;
import io.nativemesh.vertx.MeshHealthChecks;
import io.nativemesh.vertx.VertxMesh;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The demo's {@code name} service on Vert.x: answers each authorized mesh caller with a random name
 * and its instance ({@code Olivia (name-2)}, the plain-SDK {@link WordService}'s format, so the
 * greeter cannot tell them apart), behind {@link MeshAuthorizationHandler}; {@code /health} reports
 * the mesh readiness (vertx-health-checks) to mesh callers. Registers with {@code Connect.Native}
 * and deregisters on SIGTERM. Leaf and root rotations are printed and need no restart.
 *
 * <p>{@code CONSUL_HTTP_ADDR=127.0.0.1:8500 java -jar
 * samples/vertx-name/target/nativemesh-vertx-name.jar -instance name-2 [-port 0] [-engine
 * auto|jdk|openssl]}
 */
public final class VertxNameService {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

  private VertxNameService() {}

  /** The command line. */
  @Command(
      name = "nativemesh-vertx-name",
      sortOptions = false,
      description = "The greeter mesh's name service on Vert.x (CONSUL_HTTP_ADDR names the agent).")
  static final class Main implements Callable<Integer> {
    @Option(names = "-instance", defaultValue = "name-2", description = "instance ID")
    String instance;

    @Option(names = "-port", defaultValue = "0", description = "mesh port on 127.0.0.1, 0: any")
    int port;

    @Option(
        names = "-engine",
        defaultValue = "auto",
        description = "TLS engine: auto, jdk or openssl (default: ${DEFAULT-VALUE})")
    String engine;

    @Option(
        names = {"-h", "-help"},
        usageHelp = true,
        description = "show this help and exit")
    boolean help;

    @Override
    public Integer call() throws Exception {
      // tag::vertx-mesh[]
      Vertx vertx = Vertx.vertx();
      VertxMesh mesh =
          VertxMesh.create(
                  vertx,
                  MeshService.builder("name")
                      .l7EnforcedPerRequest(true)
                      .checkTtl(Duration.ofSeconds(5)))
              .engine(TlsEngine.valueOf(engine.toUpperCase(java.util.Locale.ROOT)));
      // end::vertx-mesh[]
      mesh.meshService()
          .addStateListener(
              (prev, now) -> {
                if (prev == null || prev.generation() != now.generation()) {
                  System.out.printf(
                      "[%s] %s certificate serial %s expires %s (Vert.x)%n",
                      instance,
                      prev == null ? "got" : "rotated",
                      now.serialHex(),
                      TIME.format(now.notAfter()));
                }
              });
      CountDownLatch stopped = new CountDownLatch(1);
      HttpServer server =
          serve(vertx, mesh, instance, port)
              .toCompletionStage()
              .toCompletableFuture()
              .get(90, TimeUnit.SECONDS);
      System.out.printf(
          "[%s] Vert.x name service listening on 127.0.0.1:%d (mTLS, %s)%n",
          instance, server.actualPort(), engine);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    mesh.close(); // deregisters
                    vertx.close().toCompletionStage().toCompletableFuture().join();
                    stopped.countDown();
                  }));
      stopped.await();
      return 0;
    }
  }

  /**
   * Serves {@code name} over the mesh: waits for the mesh identity, listens with the mesh's mTLS
   * server options on 127.0.0.1, and registers the instance as a Connect-native {@code name}.
   * Requests pass {@link MeshAuthorizationHandler} (L7 intentions) first; {@code /health} reports
   * the mesh readiness; every other path answers a random name and the instance.
   *
   * @param vertx the Vert.x instance
   * @param mesh the mesh of service {@code name}
   * @param instance the instance ID, e.g. {@code name-2}
   * @param port the port on 127.0.0.1, 0 for any
   * @return the listening, registered server; failed if the mesh was not ready within 60 s
   */
  public static Future<HttpServer> serve(Vertx vertx, VertxMesh mesh, String instance, int port) {
    // tag::vertx-server[]
    Router router = Router.router(vertx);
    router.route().handler(MeshAuthorizationHandler.create(mesh));
    HealthChecks checks = MeshHealthChecks.register(HealthChecks.create(vertx), mesh);
    router.get("/health").handler(HealthCheckHandler.createWithHealthChecks(checks));
    router
        .route()
        .handler(
            ctx -> {
              var names = WordService.NAMES;
              String n = names.get(ThreadLocalRandom.current().nextInt(names.size()));
              ctx.response()
                  .putHeader("Content-Type", "text/plain; charset=utf-8")
                  .end(n + " (" + instance + ")");
            });
    return mesh.ready(Duration.ofSeconds(60))
        .compose(
            s ->
                vertx
                    .createHttpServer(mesh.httpServerOptions())
                    .requestHandler(router)
                    .listen(port, "127.0.0.1"))
        .compose(
            s ->
                mesh.register(instance, "127.0.0.1", mesh.renewSessionsOf(s).actualPort())
                    .map(v -> s));
    // end::vertx-server[]
  }

  /**
   * @param args {@code -instance name-2 -port 0 -engine auto}; {@code -help} lists them
   */
  public static void main(String[] args) {
    int code = Sample.execute(new Main(), args);
    if (code != 0) {
      System.exit(code);
    }
  }
}
