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

import io.nativemesh.consul.ConsulApiException;
import io.nativemesh.consul.ConsulClient;
import io.nativemesh.consul.ConsulTransportException;
import io.nativemesh.core.InvalidConfigurationException;
import io.nativemesh.core.model.CheckDefinition;
import io.nativemesh.core.model.ConnectSettings;
import io.nativemesh.core.model.ServiceRegistration;
import io.nativemesh.tls.Readiness;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the instances of one Connect-native service with the agent and keeps each one's TTL
 * check in step with the mesh identity (Consul API: {@code PUT /v1/agent/service/register} with
 * {@code Connect.Native = true}, then {@code PUT /v1/agent/check/pass|fail/service:<instance>}).
 *
 * <p>The check is registered {@code passing} if {@link Readiness#ready()} at that moment, {@code
 * critical} otherwise, so an instance that is ready is routable as soon as {@link #register}
 * returns (with no window in which a peer finds no passing instance). It is then set every {@code
 * max(200 ms, ttl/3)}, first at once: it passes while {@link Readiness#ready()} (leaf valid and
 * chaining to the current roots) and fails otherwise, with the readiness reason as its output. So
 * the catalog stops routing to an instance whose certificate silently stopped renewing, and to one
 * whose process died (the TTL lapses). A failed heartbeat is logged at debug level and retried on
 * the next tick. Each update waits at most one interval for its answer, so a server that takes it
 * but cannot commit it does not hold the following ones until the TTL lapses: after a timeout the
 * client sends the next one to its next server address.
 *
 * <p>Thread-safe. {@link #close()} stops the heartbeats and deregisters every instance registered
 * here.
 *
 * @since 0.1.0
 */
public final class ServiceRegistrar implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ServiceRegistrar.class);

  private final ConsulClient consul;
  private final String service;
  private final Duration checkTtl;
  private final Supplier<Readiness> readiness;
  private final ScheduledExecutorService scheduler;
  private final List<String> registered = new ArrayList<>();
  private final List<ScheduledFuture<?>> heartbeats = new ArrayList<>();
  private boolean closed;

  /**
   * @param consul the agent's client (not closed here)
   * @param service the service name the instances register under
   * @param checkTtl TTL of each instance's readiness check, at least 1 s
   * @param readiness read on every heartbeat; must be quick
   * @param scheduler runs the heartbeats (not owned)
   * @throws InvalidConfigurationException if {@code checkTtl} is shorter than 1 s
   */
  public ServiceRegistrar(
      ConsulClient consul,
      String service,
      Duration checkTtl,
      Supplier<Readiness> readiness,
      ScheduledExecutorService scheduler) {
    this.consul = Objects.requireNonNull(consul, "consul");
    this.service = Objects.requireNonNull(service, "service");
    if (checkTtl.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new InvalidConfigurationException("check TTL must be at least 1s, was " + checkTtl);
    }
    this.checkTtl = checkTtl;
    this.readiness = Objects.requireNonNull(readiness, "readiness");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
  }

  /**
   * Registers an instance with {@code Connect.Native = true} and its TTL check {@code
   * service:<instanceId>}, passing if the mesh identity is ready now and critical otherwise, then
   * starts its heartbeat.
   *
   * @param instanceId unique instance ID, e.g. {@code greeting-1}
   * @param address advertised address peers dial
   * @param port mesh (mTLS) port
   * @throws ConsulApiException if the agent refuses (e.g. 403 without {@code service:write})
   * @throws ConsulTransportException if the agent cannot be reached
   * @throws IllegalStateException once closed
   */
  public void register(String instanceId, String address, int port) {
    String checkId = checkId(instanceId);
    CheckDefinition check =
        new CheckDefinition(
            checkId,
            "Mesh identity ready",
            "passes while the leaf certificate is valid and chains to the CA roots",
            readiness.get().ready() ? "passing" : "critical",
            null,
            checkTtl.toSeconds() + "s",
            null,
            null,
            null,
            null,
            null,
            null,
            null);
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException(
            "registrar of " + service + " is closed; not registering " + instanceId);
      }
    }
    consul
        .agent()
        .register(
            new ServiceRegistration(
                instanceId,
                service,
                List.of(),
                address,
                port,
                null,
                null,
                new ConnectSettings(true),
                check,
                null,
                null));
    long every = heartbeatMillis(checkTtl);
    synchronized (this) {
      registered.add(instanceId);
      heartbeats.add(
          scheduler.scheduleWithFixedDelay(
              () -> heartbeat(checkId, every), 0, every, TimeUnit.MILLISECONDS));
    }
    log.info(
        "registered {} ({}:{}) as Connect-native service {}", instanceId, address, port, service);
  }

  /**
   * @param instanceId an instance ID
   * @return the ID of its readiness check, {@code service:<instanceId>}
   */
  public static String checkId(String instanceId) {
    return "service:" + instanceId;
  }

  /**
   * @return the instance IDs registered here and not yet deregistered, in registration order
   */
  public synchronized List<String> registered() {
    return List.copyOf(registered);
  }

  /**
   * @param checkTtl a check's TTL
   * @return the heartbeat interval of such a check in milliseconds, {@code max(200, ttl/3)}; also
   *     how long one update may wait for its answer
   */
  static long heartbeatMillis(Duration checkTtl) {
    return Math.max(200, checkTtl.toMillis() / 3);
  }

  private void heartbeat(String checkId, long timeoutMillis) {
    synchronized (this) {
      if (closed) {
        return;
      }
    }
    Readiness r = readiness.get();
    try {
      // bounded by the interval: an update stuck on one server would hold the next ones (this task
      // runs with a fixed delay) until the TTL lapsed; timed out, the next goes to another server
      consul
          .agent()
          .ttlCheck(
              checkId, r.ready() ? "pass" : "fail", r.reason(), Duration.ofMillis(timeoutMillis));
    } catch (RuntimeException e) {
      log.debug("TTL check update for {} failed: {}", checkId, e.getMessage());
    }
  }

  /**
   * Stops the heartbeats and deregisters every instance registered here (failures are logged).
   * Idempotent.
   */
  @Override
  public void close() {
    List<String> ids;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      heartbeats.forEach(h -> h.cancel(false));
      heartbeats.clear();
      ids = List.copyOf(registered);
      registered.clear();
    }
    for (String id : ids) {
      try {
        consul.agent().deregister(id);
      } catch (RuntimeException e) {
        log.warn("deregistering {} failed: {}", id, e.getMessage());
      }
    }
  }
}
