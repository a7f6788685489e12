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

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nativemesh.MeshService;
import io.nativemesh.consul.ConsulClient;
import io.nativemesh.discovery.UpstreamPolicy;
import io.nativemesh.netty.TlsEngine;
import io.nativemesh.server.ConsulServer;
import io.nativemesh.server.DefaultIntentionPolicy;
import io.nativemesh.server.ServerConfig;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.internal.VertxInternal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The companion server in-process (intentions default deny), one Vert.x whose blocked-thread
 * checker fires after 10 ms on an event loop (every report is recorded, with the blocked thread's
 * stack), and the Vert.x mesh services a test starts.
 */
final class VertxFixture implements AutoCloseable {
  /** Event-loop time limit of the blocked-thread checker. */
  static final long MAX_EVENT_LOOP_MS = 10;

  /** Frames of a thread blocked in I/O although RUNNABLE. */
  private static final Pattern IN_IO =
      Pattern.compile(
          "socketRead|NioSocketImpl|sun\\.nio\\.ch\\.Net\\.poll|FileDispatcherImpl\\.read|Inet.AddressImpl\\.lookup");

  /**
   * Top frames of the JVM's own one-time work on first use (class loading and definition, lambda
   * linkage, finalizer registration): a thread there is not waiting on anything of ours, and on a
   * loaded 2-core machine that work alone can pass 10 ms. Such reports are kept apart, not failed.
   */
  private static final Pattern JVM_WORK =
      Pattern.compile(
          "^(java\\.base@[^/]+/)?(java\\.lang\\.ClassLoader|jdk\\.internal\\.loader|java\\.lang\\.ref\\.Finalizer|java\\.lang\\.invoke|java\\.lang\\.Class\\.forName)");

  /**
   * Top frames of the event loop's own non-blocking I/O step (Netty completing a connect with a
   * zero-timeout poll, or reading or writing a ready channel: JDK NIO frames right under Netty's
   * {@code NioSocketChannel.doReadBytes} or {@code doWrite}): RUNNABLE past 10 ms there means the
   * machine gave the thread no CPU, not that anything blocked. CI once reported an 11 ms read.
   */
  private static final Pattern NON_BLOCKING_IO =
      Pattern.compile(
          "^(java\\.base@[^/]+/)?sun\\.nio\\.ch\\.Net\\.pollConnect\\(.*\n.*pollConnectNow"
              + "|^(java\\.base@[^/]+/)?sun\\.nio\\.ch\\.[^\n]*(\n[^\n]*){0,6}?"
              + "\n[^\n]*io\\.netty\\.channel\\.socket\\.nio\\.NioSocketChannel\\.(doReadBytes|doWrite)");

  final ConsulServer server;
  final ConsulClient consul;
  final Vertx vertx;
  final List<String> blocked = new CopyOnWriteArrayList<>();
  final List<String> jvmWork = new CopyOnWriteArrayList<>();

  /** The context test threads start client requests on (the newest fixture's). */
  private static volatile Context callerContext;

  private volatile boolean watching;
  private final List<AutoCloseable> closeables = new ArrayList<>();

  VertxFixture(Duration leafTtl, Consumer<ServerConfig.Builder> config) throws Exception {
    ServerConfig.Builder b =
        ServerConfig.builder()
            .httpPort(0)
            .dev(true)
            .defaultIntentionPolicy(DefaultIntentionPolicy.DENY)
            .leafCertTtl(leafTtl);
    config.accept(b);
    server = ConsulServer.start(b.build());
    consul = ConsulClient.builder().address(server.httpUrl()).build();
    vertx =
        Vertx.vertx(
            new VertxOptions()
                .setEventLoopPoolSize(2)
                .setMaxEventLoopExecuteTime(MAX_EVENT_LOOP_MS)
                .setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS)
                .setBlockedThreadCheckInterval(2)
                .setBlockedThreadCheckIntervalUnit(TimeUnit.MILLISECONDS));
    callerContext = vertx.getOrCreateContext();
    ((VertxInternal) vertx)
        .blockedThreadChecker()
        .setThreadBlockedHandler(
            e -> {
              Thread.State state = e.thread().getState();
              String stack =
                  Arrays.stream(e.thread().getStackTrace())
                      .limit(25)
                      .map(String::valueOf)
                      .collect(Collectors.joining("\n  "));
              String report =
                  e.thread().getName()
                      + " blocked "
                      + e.duration() / 1_000_000
                      + " ms ("
                      + state
                      + "): "
                      + stack;
              if (JVM_WORK.matcher(stack).find() || NON_BLOCKING_IO.matcher(stack).find()) {
                jvmWork.add(report);
              } else if (watching
                  || state != Thread.State.RUNNABLE
                  || IN_IO.matcher(stack).find()) {
                // waiting, or in I/O, counts always; anything else once warmed up
                blocked.add(report);
              }
            });
  }

  VertxFixture() throws Exception {
    this(Duration.ofMinutes(10), b -> {});
  }

  /**
   * From now on, every blocked-thread report counts. Before (warm-up: class loading, lambda
   * linkage, JIT), only reports of an event loop that waits (parked, sleeping, blocked on a lock)
   * or sits in socket, file or DNS I/O count.
   */
  /**
   * @return the event-loop context of the newest open fixture, for requests started by a test
   *     thread; null when none is open
   */
  static Context callerContext() {
    return callerContext;
  }

  void watchEventLoops() {
    watching = true;
  }

  void assertNoEventLoopBlocked() {
    assertEquals(List.of(), List.copyOf(blocked), "event loops blocked over " + MAX_EVENT_LOOP_MS);
  }

  VertxMesh mesh(String name, boolean l7, TlsEngine engine) {
    return mesh(name, l7, engine, UpstreamPolicy.DEFAULT);
  }

  VertxMesh mesh(String name, boolean l7, TlsEngine engine, UpstreamPolicy policy) {
    VertxMesh m =
        VertxMesh.create(
                vertx,
                MeshService.builder(name)
                    .consul(consul)
                    .l7EnforcedPerRequest(l7)
                    .upstreamPolicy(policy)
                    .checkTtl(Duration.ofSeconds(2))
                    .resolveTimeout(Duration.ofSeconds(5)))
            .engine(engine);
    closeables.add(0, m);
    await(m.ready(Duration.ofSeconds(20)));
    return m;
  }

  void allow(String source, String destination) {
    consul.intentions().upsertExact(source, destination, "allow", "test");
  }

  /** Writes a {@code service-intentions} config entry (L7 permissions). */
  void configEntry(Map<String, Object> entry) {
    consul.write("PUT", "/v1/config", Map.of(), entry, null);
  }

  <T extends AutoCloseable> T track(T c) {
    closeables.add(0, c);
    return c;
  }

  static <T> T await(Future<T> f) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static Throwable failure(Future<?> f) {
    try {
      f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      return null;
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() throws Exception {
    if (callerContext != null && callerContext.owner() == vertx) {
      callerContext = null;
    }
    for (AutoCloseable c : closeables) {
      try {
        c.close();
      } catch (Exception e) {
        // keep closing the rest
      }
    }
    await(vertx.close());
    consul.close();
    server.close();
  }
}
