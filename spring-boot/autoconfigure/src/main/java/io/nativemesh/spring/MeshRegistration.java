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
package io.nativemesh.spring;

import io.nativemesh.MeshService;
import io.nativemesh.consul.ConsulClient;
import io.nativemesh.core.model.CheckDefinition;
import io.nativemesh.core.model.ConnectSettings;
import io.nativemesh.core.model.ServiceRegistration;
import io.nativemesh.tls.Readiness;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.Environment;

/**
 * The service's life in the catalog, tied to the application's:
 *
 * <ol>
 *   <li>start (after the embedded web server started, so its actual port is known from {@code
 *       local.server.port}): wait for the leaf, roots and intentions ({@code awaitReady}, failing
 *       start-up after the ready timeout), then register the instance ({@code Connect.Native},
 *       tags, meta, a TTL readiness check) and heartbeat it;
 *   <li>while running: when the leaf expires or stops chaining to the roots, publish {@link
 *       ReadinessState#REFUSING_TRAFFIC} (and the check fails); publish {@link
 *       ReadinessState#ACCEPTING_TRAFFIC} when it recovers;
 *   <li>stop (before the web server's graceful shutdown): deregister first, so callers stop
 *       choosing this instance while in-flight requests drain.
 * </ol>
 *
 * <p>Without a web server (no {@code local.server.port}) nothing is registered. Thread-safe.
 *
 * @since 0.1.0
 */
public class MeshRegistration implements SmartLifecycle {
  /** Starts after, and stops before, the web server and its graceful shutdown. */
  public static final int PHASE = Integer.MAX_VALUE - 1000;

  private static final Logger log = LoggerFactory.getLogger(MeshRegistration.class);
  private final MeshService mesh;
  private final ConsulClient consul;
  private final NativeMeshProperties props;
  private final Environment env;
  private final ApplicationEventPublisher events;
  private ScheduledExecutorService scheduler;
  private volatile String instanceId;
  private volatile boolean running;
  private volatile Boolean lastReady;

  /**
   * @param mesh the mesh service
   * @param consul the agent client
   * @param props the properties
   * @param env the environment (local.server.port)
   * @param events where readiness changes are published
   */
  public MeshRegistration(
      MeshService mesh,
      ConsulClient consul,
      NativeMeshProperties props,
      Environment env,
      ApplicationEventPublisher events) {
    this.mesh = mesh;
    this.consul = consul;
    this.props = props;
    this.env = env;
    this.events = events;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }

  @Override
  public synchronized void start() {
    mesh.awaitReady(props.getReadyTimeout());
    lastReady = Boolean.TRUE;
    Duration ttl = props.getRegistration().getCheckTtl();
    scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "nativemesh-registration");
              t.setDaemon(true);
              return t;
            });
    Integer port = env.getProperty("local.server.port", Integer.class);
    if (props.getRegistration().isEnabled() && port != null && port > 0) {
      register(port, ttl);
    } else {
      log.info("{}: not registering (registration disabled or no web server)", mesh.serviceName());
    }
    long every = Math.max(200, Math.min(1000, ttl.toMillis() / 3));
    scheduler.scheduleWithFixedDelay(this::tick, every, every, TimeUnit.MILLISECONDS);
    running = true;
  }

  private void register(int port, Duration ttl) {
    String id = props.getRegistration().getInstanceId();
    if (id == null || id.isBlank()) {
      id = mesh.serviceName() + "-" + port;
    }
    String checkId = checkId(id);
    CheckDefinition check =
        new CheckDefinition(
            checkId,
            "Mesh identity ready",
            "passes while the leaf certificate is valid and chains to the CA roots",
            "passing",
            null,
            ttl.toSeconds() + "s",
            null,
            null,
            null,
            null,
            null,
            null,
            null);
    consul
        .agent()
        .register(
            new ServiceRegistration(
                id,
                mesh.serviceName(),
                List.copyOf(props.getRegistration().getTags()),
                props.getRegistration().getAddress(),
                port,
                Map.copyOf(props.getRegistration().getMeta()),
                null,
                new ConnectSettings(true),
                check,
                null,
                null));
    instanceId = id;
    log.info(
        "registered {} ({}:{}) as Connect-native service {}",
        id,
        props.getRegistration().getAddress(),
        port,
        mesh.serviceName());
  }

  private static String checkId(String instanceId) {
    return "service:" + instanceId;
  }

  private long lastBeat;

  private void tick() {
    Readiness r = mesh.readiness();
    if (!Boolean.valueOf(r.ready()).equals(lastReady)) {
      lastReady = r.ready();
      log.warn("{} readiness: {} ({})", mesh.serviceName(), r.ready(), r.reason());
      AvailabilityChangeEvent.publish(
          events,
          this,
          r.ready() ? ReadinessState.ACCEPTING_TRAFFIC : ReadinessState.REFUSING_TRAFFIC);
    }
    String id = instanceId;
    long now = System.nanoTime();
    long beat = props.getRegistration().getCheckTtl().toNanos() / 3;
    if (id != null && (now - lastBeat >= beat || !r.ready())) {
      lastBeat = now;
      try {
        // bounded by the interval: an update stuck on one server must not hold the next ones
        // until the TTL lapses; timed out, the next goes to the client's next server address
        consul
            .agent()
            .ttlCheck(
                checkId(id),
                r.ready() ? "pass" : "fail",
                r.reason(),
                Duration.ofNanos(Math.max(beat, TimeUnit.MILLISECONDS.toNanos(200))));
      } catch (RuntimeException e) {
        log.debug("TTL check update for {} failed: {}", id, e.getMessage());
      }
    }
  }

  @Override
  public synchronized void stop() {
    running = false;
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
    String id = instanceId;
    instanceId = null;
    if (id != null) {
      try {
        consul.agent().deregister(id);
        log.info("deregistered {}", id);
      } catch (RuntimeException e) {
        log.warn("deregistering {} failed: {}", id, e.getMessage());
      }
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /**
   * @return the registered instance ID, or null when not registered
   */
  public String instanceId() {
    return instanceId;
  }

  /**
   * @return whether the last readiness check passed (null before start)
   */
  public Boolean lastReady() {
    return lastReady;
  }
}
