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
package io.nativemesh.discovery.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nativemesh.blocking.WatchOptions;
import io.nativemesh.discovery.Endpoint;
import io.nativemesh.discovery.EndpointLease;
import io.nativemesh.discovery.FakeConsul;
import io.nativemesh.discovery.MeshConnectException;
import io.nativemesh.discovery.NoHealthyUpstreamException;
import io.nativemesh.discovery.UpstreamCircuitOpenException;
import io.nativemesh.discovery.UpstreamPolicy;
import io.nativemesh.discovery.UpstreamResolver;
import io.nativemesh.discovery.UpstreamTarget;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Attempts}: Resilience4j retries over distinct instances of an upstream, what is and is not
 * retried, exhaustion, the circuit breaker, and the jittered exponential backoff.
 */
class AttemptsTest {
  private static final UpstreamTarget API = UpstreamTarget.of("api");
  private FakeConsul consul;
  private UpstreamResolver resolver;
  private final List<Long> backoffMillis = new CopyOnWriteArrayList<>();
  private ScheduledExecutorService scheduler;

  @BeforeEach
  void start() {
    consul = new FakeConsul();
    consul.instances(
        "api",
        new InetSocketAddress("127.0.0.1", 20001),
        new InetSocketAddress("127.0.0.2", 20002),
        new InetSocketAddress("127.0.0.3", 20003));
    resolver =
        new UpstreamResolver(
            consul.watches,
            WatchOptions.DEFAULTS,
            () -> "dc1",
            Duration.ofSeconds(10),
            UpstreamPolicy.builder().retries(3, Duration.ofMillis(1)).build(),
            System::nanoTime);
    // records the pauses Resilience4j asks for between asynchronous attempts
    scheduler =
        new ScheduledThreadPoolExecutor(1) {
          @Override
          public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
            backoffMillis.add(unit.toMillis(delay));
            return super.schedule(command, delay, unit);
          }
        };
  }

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
    resolver.close();
    consul.close();
  }

  /** Fails on the first {@code failures} instances tried, then answers with the instance's ID. */
  private static Attempts.Blocking<String> failing(
      int failures, List<Endpoint> tried, IOException... errors) {
    return lease -> {
      tried.add(lease.endpoint());
      try (lease) {
        if (tried.size() <= failures) {
          IOException e =
              errors.length > 0
                  ? errors[Math.min(tried.size(), errors.length) - 1]
                  : new ConnectException("refused by " + lease.endpoint());
          lease.failed(e);
          throw e;
        }
        lease.connected();
        return lease.endpoint().instanceId();
      }
    };
  }

  @Test
  void aFailureIsRetriedOnAnotherInstance() throws Exception {
    List<Endpoint> tried = new CopyOnWriteArrayList<>();

    String answer = Attempts.blocking(resolver, API, failing(2, tried));

    assertEquals(3, tried.size());
    assertEquals(3, tried.stream().distinct().count(), "an instance was tried twice: " + tried);
    assertEquals(tried.get(2).instanceId(), answer);
  }

  @Test
  void whenAttemptsRunOutTheLastFailureIsThrown() {
    List<Endpoint> tried = new CopyOnWriteArrayList<>();
    IOException first = new ConnectException("first");
    IOException second = new ConnectException("second");
    IOException third = new ConnectException("third");

    IOException e =
        assertThrows(
            IOException.class,
            () -> Attempts.blocking(resolver, API, failing(9, tried, first, second, third)));

    assertSame(third, e);
    assertEquals(3, tried.size(), "maxAttempts is 3");
  }

  @Test
  void whenInstancesRunOutBeforeAttemptsTheLastFailureIsThrown() {
    resolver.configure(API, UpstreamPolicy.builder().retries(10, Duration.ofMillis(1)).build());
    List<Endpoint> tried = new CopyOnWriteArrayList<>();
    IOException last = new ConnectException("last one");

    IOException e =
        assertThrows(
            IOException.class,
            () ->
                Attempts.blocking(
                    resolver,
                    API,
                    failing(9, tried, new ConnectException("a"), new ConnectException("b"), last)));

    assertSame(last, e, "got " + e);
    assertEquals(3, tried.size(), "only three instances exist");
  }

  @Test
  void aRefusalByThePeerIsNotRetried() {
    List<Endpoint> tried = new CopyOnWriteArrayList<>();
    MeshConnectException refusal =
        new MeshConnectException("api", true, "intention denies web => api", null);

    IOException e =
        assertThrows(
            IOException.class, () -> Attempts.blocking(resolver, API, failing(9, tried, refusal)));

    assertSame(refusal, e);
    assertEquals(1, tried.size());
  }

  @Test
  void ourRejectionOfThePeerIsRetried() throws Exception {
    List<Endpoint> tried = new CopyOnWriteArrayList<>();
    MeshConnectException rejected = new MeshConnectException("api", false, "wrong SPIFFE ID", null);

    Attempts.blocking(resolver, API, failing(1, tried, rejected));

    assertEquals(2, tried.size());
  }

  @Test
  void aNotRetryableFailureSurfacesItsCauseAfterOneAttempt() {
    List<Endpoint> tried = new CopyOnWriteArrayList<>();
    IOException sent = new IOException("connection reset after the request was sent");

    IOException e =
        assertThrows(
            IOException.class,
            () ->
                Attempts.blocking(
                    resolver, API, failing(9, tried, new NotRetryableException(sent))));

    assertSame(sent, e);
    assertEquals(1, tried.size());
  }

  @Test
  void aRuntimeExceptionIsNotRetried() {
    List<Endpoint> tried = new CopyOnWriteArrayList<>();
    IllegalStateException bug = new IllegalStateException("bug");

    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                Attempts.blocking(
                    resolver,
                    API,
                    lease -> {
                      tried.add(lease.endpoint());
                      lease.close();
                      throw bug;
                    }));

    assertSame(bug, e);
    assertEquals(1, tried.size());
  }

  @Test
  void noInstanceAtAllIsAnIoExceptionCarryingNoHealthyUpstream() {
    consul.healthConnect("empty", "[]");

    IOException e =
        assertThrows(
            IOException.class,
            () -> Attempts.blocking(resolver, UpstreamTarget.of("empty"), lease -> "never"));

    assertInstanceOf(NoHealthyUpstreamException.class, e.getCause());
    assertEquals(
        "no healthy instance of upstream 'empty': the catalog lists no passing instance",
        e.getMessage());
  }

  @Test
  void anOpenCircuitFailsAtOnceWithoutAnAttempt() throws Exception {
    resolver.configure(
        API,
        UpstreamPolicy.builder()
            .retries(1, Duration.ZERO)
            .circuitBreaker(50f, 2, 2, Duration.ofMinutes(1))
            .build());
    List<Endpoint> tried = new CopyOnWriteArrayList<>();
    for (int i = 0; i < 2; i++) {
      assertThrows(
          ConnectException.class, () -> Attempts.blocking(resolver, API, failing(9, tried)));
    }
    assertEquals(2, tried.size());

    UpstreamCircuitOpenException e =
        assertThrows(
            UpstreamCircuitOpenException.class,
            () -> Attempts.blocking(resolver, API, failing(9, tried)));

    assertEquals(2, tried.size(), "an attempt was made through an open breaker");
    assertTrue(e.getMessage().contains("is OPEN"), e.getMessage());
  }

  @Test
  void retryableClassifiesFailures() {
    assertTrue(Attempts.retryable(new ConnectException("refused")));
    assertTrue(Attempts.retryable(new CompletionException(new IOException("reset"))));
    assertTrue(Attempts.retryable(new MeshConnectException("api", false, "bad certificate", null)));
    assertFalse(Attempts.retryable(new MeshConnectException("api", true, "denied", null)));
    assertFalse(Attempts.retryable(new UpstreamCircuitOpenException("api", "open")));
    assertFalse(Attempts.retryable(new NotRetryableException(new IOException("sent"))));
    assertFalse(Attempts.retryable(new IllegalStateException("bug")));
    assertFalse(Attempts.retryable(new CompletionException(new IllegalStateException("bug"))));
  }

  @Test
  void asyncRetriesAfterAJitteredExponentialBackoff() throws Exception {
    resolver.configure(API, UpstreamPolicy.builder().retries(3, Duration.ofMillis(40)).build());
    List<Endpoint> tried = new CopyOnWriteArrayList<>();

    String answer =
        Attempts.<String>async(
                resolver,
                API,
                scheduler,
                lease -> {
                  tried.add(lease.endpoint());
                  lease.close();
                  return tried.size() < 3
                      ? CompletableFuture.failedFuture(
                          new ConnectException("refused " + tried.size()))
                      : CompletableFuture.completedFuture(lease.endpoint().instanceId());
                })
            .get(10, TimeUnit.SECONDS);

    assertEquals(tried.get(2).instanceId(), answer);
    assertEquals(3, tried.stream().distinct().count());
    assertEquals(2, backoffMillis.size(), "pauses: " + backoffMillis);
    long firstPause = backoffMillis.get(0);
    long secondPause = backoffMillis.get(1);
    assertTrue(
        firstPause >= 20 && firstPause <= 60, "first pause: 40 ms +- 50 %, was " + firstPause);
    assertTrue(
        secondPause >= 40 && secondPause <= 120, "second pause: 80 ms +- 50 %, was " + secondPause);
  }

  @Test
  void asyncExhaustionFailsWithTheLastFailure() {
    IOException last = new ConnectException("third");
    List<IOException> errors =
        List.of(new ConnectException("first"), new ConnectException("second"), last);
    List<Endpoint> tried = new CopyOnWriteArrayList<>();

    ExecutionException e =
        assertThrows(
            ExecutionException.class,
            () ->
                Attempts.<String>async(
                        resolver,
                        API,
                        scheduler,
                        lease -> {
                          tried.add(lease.endpoint());
                          lease.close();
                          return CompletableFuture.failedFuture(errors.get(tried.size() - 1));
                        })
                    .get(10, TimeUnit.SECONDS));

    assertSame(last, e.getCause());
    assertEquals(3, tried.size());
  }

  @Test
  void asyncSurfacesTheCauseOfANotRetryableFailure() {
    IOException sent = new IOException("sent");

    ExecutionException e =
        assertThrows(
            ExecutionException.class,
            () ->
                Attempts.<String>async(
                        resolver,
                        API,
                        scheduler,
                        lease -> {
                          lease.close();
                          return CompletableFuture.failedFuture(new NotRetryableException(sent));
                        })
                    .get(10, TimeUnit.SECONDS));

    assertSame(sent, e.getCause());
  }

  @Test
  void asyncWithNoInstanceFailsWithNoHealthyUpstream() {
    consul.healthConnect("empty", "[]");

    ExecutionException e =
        assertThrows(
            ExecutionException.class,
            () ->
                Attempts.<String>async(
                        resolver,
                        UpstreamTarget.of("empty"),
                        scheduler,
                        lease -> CompletableFuture.completedFuture("never"))
                    .get(10, TimeUnit.SECONDS));

    assertInstanceOf(IOException.class, e.getCause());
    assertInstanceOf(NoHealthyUpstreamException.class, e.getCause().getCause());
  }

  @Test
  void asyncExhaustingInstancesFailsWithTheLastFailure() {
    resolver.configure(API, UpstreamPolicy.builder().retries(5, Duration.ofMillis(1)).build());
    List<Endpoint> tried = new CopyOnWriteArrayList<>();

    ExecutionException e =
        assertThrows(
            ExecutionException.class,
            () ->
                Attempts.<String>async(
                        resolver,
                        API,
                        scheduler,
                        lease -> {
                          tried.add(lease.endpoint());
                          lease.close();
                          return CompletableFuture.failedFuture(
                              new ConnectException("refused by " + lease.endpoint().instanceId()));
                        })
                    .get(10, TimeUnit.SECONDS));

    assertEquals(3, tried.size());
    assertEquals("refused by " + tried.get(2).instanceId(), e.getCause().getMessage());
  }

  @Test
  void leasesAreReleasedByTheOperation() throws Exception {
    List<Endpoint> tried = new CopyOnWriteArrayList<>();
    Attempts.blocking(resolver, API, failing(2, tried));
    for (Endpoint ep : resolver.endpoints(API)) {
      assertEquals(0, resolver.outstanding(API, ep));
    }
    EndpointLease held = resolver.lease(API, List.of());
    assertEquals(1, resolver.outstanding(API, held.endpoint()));
    held.close();
  }
}
