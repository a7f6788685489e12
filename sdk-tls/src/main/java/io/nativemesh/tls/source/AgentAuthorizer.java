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
package io.nativemesh.tls.source;

import io.nativemesh.consul.ConsulClient;
import io.nativemesh.core.ServiceIdentity;
import io.nativemesh.core.intention.IntentionDecision;
import io.nativemesh.core.model.AuthorizeRequest;
import io.nativemesh.core.model.AuthorizeResponse;
import io.nativemesh.tls.ConnectionAuthorizer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Fallback authorization for tokens that may not read intentions: asks the agent ({@code POST
 * /v1/agent/connect/authorize}, Consul API) and caches each answer per client SPIFFE ID and serial
 * for a short time. The HTTP call runs on {@code executor}, never on the handshake thread; a
 * handshake waits for it at most {@code timeout} and is refused when the agent does not answer in
 * time (fail closed). Concurrent handshakes of the same client share one call.
 *
 * <p>On threads that must not wait (event loops), {@link #authorizeWithoutWaiting} decides from the
 * cache only: an answer not there yet is a denial at once while the agent is asked off the thread
 * (the client's next handshake is decided from that answer), and a cached answer past half its TTL
 * is refreshed in the background while it is still used, so steady callers are never refused for
 * want of a fresh answer.
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public final class AgentAuthorizer implements ConnectionAuthorizer {
  private record Entry(
      CompletableFuture<IntentionDecision> decision,
      Instant expires,
      java.util.concurrent.atomic.AtomicBoolean refreshing) {
    Entry(CompletableFuture<IntentionDecision> decision, Instant expires) {
      this(decision, expires, new java.util.concurrent.atomic.AtomicBoolean());
    }
  }

  private final ConsulClient client;
  private final String target;
  private final Duration ttl;
  private final Duration timeout;
  private final Executor executor;
  private final Clock clock;
  private final Map<String, Entry> cache = new ConcurrentHashMap<>();

  /**
   * @param client the Consul client
   * @param target our service name (the authorization target)
   * @param ttl how long an answer is reused
   * @param timeout how long a handshake waits for the agent
   * @param executor runs the HTTP calls
   * @param clock time source for the cache
   */
  public AgentAuthorizer(
      ConsulClient client,
      String target,
      Duration ttl,
      Duration timeout,
      Executor executor,
      Clock clock) {
    this.client = client;
    this.target = target;
    this.ttl = ttl;
    this.timeout = timeout;
    this.executor = executor;
    this.clock = clock;
  }

  /**
   * @param peer the client's identity
   * @param serialHex the client certificate's colon-hex serial
   * @return the agent's decision (L7 intentions deny, as the agent reports); a denial when the
   *     agent does not answer within the timeout or fails (fail closed)
   */
  @Override
  public IntentionDecision authorize(ServiceIdentity peer, String serialHex) {
    String key = peer + "|" + serialHex;
    Instant now = clock.instant();
    if (cache.size() > 10_000) {
      cache.values().removeIf(e -> e.expires().isBefore(now));
    }
    Entry e =
        cache.compute(
            key,
            (k, old) ->
                old != null && old.expires().isAfter(now)
                    ? old
                    : new Entry(
                        CompletableFuture.supplyAsync(() -> ask(peer, serialHex), executor),
                        now.plus(ttl)));
    try {
      return e.decision().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException ex) {
      cache.remove(key, e);
      return new IntentionDecision(
          false,
          "the agent did not answer /v1/agent/connect/authorize within "
              + timeout
              + "; refusing (fail closed)",
          null);
    } catch (ExecutionException ex) {
      cache.remove(key, e);
      return new IntentionDecision(
          false, "/v1/agent/connect/authorize failed: " + ex.getCause().getMessage(), null);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      return new IntentionDecision(false, "interrupted while asking the agent", null);
    }
  }

  /**
   * Decides without waiting: the cached answer for this client certificate when there is one
   * (refreshed in the background once past half its TTL); otherwise a denial at once, while the
   * agent is asked on the executor and its answer cached for the next handshake.
   *
   * @param peer the client's identity
   * @param serialHex the client certificate's colon-hex serial
   * @return the cached decision, or a fail-closed denial naming the pending agent call
   */
  @Override
  public IntentionDecision authorizeWithoutWaiting(ServiceIdentity peer, String serialHex) {
    String key = peer + "|" + serialHex;
    Instant now = clock.instant();
    Entry e = cache.get(key);
    if (e != null && e.expires().isAfter(now) && e.decision().isDone()) {
      IntentionDecision d = e.decision().getNow(null);
      if (d != null && !e.decision().isCompletedExceptionally()) {
        if (now.isAfter(e.expires().minus(ttl.dividedBy(2)))
            && e.refreshing().compareAndSet(false, true)) {
          CompletableFuture.supplyAsync(() -> ask(peer, serialHex), executor)
              .thenAccept(
                  fresh ->
                      cache.put(
                          key,
                          new Entry(
                              CompletableFuture.completedFuture(fresh), clock.instant().plus(ttl))))
              .whenComplete((v, ex) -> e.refreshing().set(false));
        }
        return d;
      }
    }
    if (e == null || !e.expires().isAfter(now) || e.decision().isCompletedExceptionally()) {
      Entry asked =
          new Entry(
              CompletableFuture.supplyAsync(() -> ask(peer, serialHex), executor), now.plus(ttl));
      asked
          .decision()
          .whenComplete(
              (d, ex) -> {
                if (ex != null) {
                  cache.remove(
                      key, asked); // a failure is not cached: the next handshake asks again
                }
              });
      cache.put(key, asked);
    }
    return new IntentionDecision(
        false,
        "no cached /v1/agent/connect/authorize answer for "
            + peer
            + " yet; refused without waiting on this thread (fail closed); the agent is being asked",
        null);
  }

  private IntentionDecision ask(ServiceIdentity peer, String serialHex) {
    AuthorizeResponse r =
        client.connectCa().authorize(new AuthorizeRequest(target, peer.toString(), serialHex));
    return new IntentionDecision(
        r.authorized(), "agent /v1/agent/connect/authorize: " + r.reason(), null);
  }
}
