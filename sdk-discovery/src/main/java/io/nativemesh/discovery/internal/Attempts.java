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

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.nativemesh.discovery.Endpoint;
import io.nativemesh.discovery.EndpointLease;
import io.nativemesh.discovery.MeshConnectException;
import io.nativemesh.discovery.NoHealthyUpstreamException;
import io.nativemesh.discovery.UpstreamCircuitOpenException;
import io.nativemesh.discovery.UpstreamPolicy;
import io.nativemesh.discovery.UpstreamResolver;
import io.nativemesh.discovery.UpstreamTarget;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs an operation against instances of an upstream with Resilience4j retry: each attempt leases a
 * not-yet-tried instance; a failure is retried on another one (after the policy's jittered
 * exponential backoff) unless it is a refusal by the peer's intentions, an open circuit breaker, or
 * marked {@link NotRetryableException}. When the instances run out the last failure is thrown.
 * Stateless; thread-safe.
 */
public final class Attempts {
  private Attempts() {}

  /**
   * One attempt on a leased instance; it reports the lease's outcome and decides when to close it.
   */
  @FunctionalInterface
  public interface Blocking<T> {
    /**
     * @param lease the instance
     * @return the result
     * @throws IOException on failure
     */
    T attempt(EndpointLease lease) throws IOException;
  }

  /** One asynchronous attempt on a leased instance. */
  @FunctionalInterface
  public interface Async<T> {
    /**
     * @param lease the instance
     * @return the result, or a failure
     */
    CompletionStage<T> attempt(EndpointLease lease);
  }

  /**
   * @param e a failure
   * @return true if another instance may be tried
   */
  public static boolean retryable(Throwable e) {
    if (e instanceof CompletionException && e.getCause() != null) {
      e = e.getCause();
    }
    if (e instanceof NotRetryableException
        || e instanceof UpstreamCircuitOpenException
        || e instanceof Exhausted) {
      return false;
    }
    if (e instanceof MeshConnectException m && m.refusedByPeer()) {
      return false;
    }
    return e instanceof IOException;
  }

  static RetryConfig config(UpstreamPolicy p) {
    Duration b =
        p.retryBackoff().compareTo(Duration.ofMillis(1)) < 0
            ? Duration.ofMillis(1)
            : p.retryBackoff();
    return RetryConfig.custom()
        .maxAttempts(p.maxAttempts())
        .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(b, 2.0, 0.5))
        .retryOnException(Attempts::retryable)
        .failAfterMaxAttempts(false)
        .build();
  }

  /**
   * @param resolver the resolver
   * @param target the upstream
   * @param op the attempt
   * @param <T> result type
   * @return the first successful result
   * @throws IOException the last failure, {@link UpstreamCircuitOpenException}, or an IOException
   *     carrying {@link NoHealthyUpstreamException} when no instance could be tried
   */
  public static <T> T blocking(UpstreamResolver resolver, UpstreamTarget target, Blocking<T> op)
      throws IOException {
    Retry retry = Retry.of(target.toString(), config(resolver.policy(target.service())));
    List<Endpoint> tried = new CopyOnWriteArrayList<>();
    AtomicReference<IOException> last = new AtomicReference<>();
    try {
      return retry.executeCheckedSupplier(
          () -> {
            EndpointLease lease = lease(resolver, target, tried, last.get());
            try {
              return op.attempt(lease);
            } catch (IOException e) {
              last.set(e);
              throw e;
            }
          });
    } catch (Exhausted e) {
      throw e.last;
    } catch (NotRetryableException e) {
      throw e.getCause() instanceof IOException io ? io : e;
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IOException(t);
    }
  }

  /**
   * @param resolver the resolver
   * @param target the upstream
   * @param scheduler runs the backoff pauses (e.g. a Netty event loop)
   * @param op the attempt
   * @param <T> result type
   * @return the first successful result, or the last failure
   */
  public static <T> CompletableFuture<T> async(
      UpstreamResolver resolver,
      UpstreamTarget target,
      ScheduledExecutorService scheduler,
      Async<T> op) {
    Retry retry = Retry.of(target.toString(), config(resolver.policy(target.service())));
    List<Endpoint> tried = new CopyOnWriteArrayList<>();
    AtomicReference<IOException> last = new AtomicReference<>();
    CompletableFuture<T> out = new CompletableFuture<>();
    retry
        .executeCompletionStage(
            scheduler,
            () -> {
              EndpointLease lease;
              try {
                lease = lease(resolver, target, tried, last.get());
              } catch (IOException e) {
                return CompletableFuture.failedFuture(e);
              }
              return op.attempt(lease)
                  .whenComplete(
                      (v, e) -> {
                        Throwable c =
                            e instanceof CompletionException && e.getCause() != null
                                ? e.getCause()
                                : e;
                        if (c instanceof IOException io) {
                          last.set(io);
                        }
                      });
            })
        .whenComplete(
            (v, e) -> {
              if (e == null) {
                out.complete(v);
                return;
              }
              Throwable c =
                  e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
              if (c instanceof Exhausted x) {
                c = x.last;
              } else if (c instanceof NotRetryableException n && n.getCause() != null) {
                c = n.getCause();
              }
              out.completeExceptionally(c);
            });
    return out;
  }

  private static EndpointLease lease(
      UpstreamResolver resolver, UpstreamTarget target, List<Endpoint> tried, IOException last)
      throws IOException {
    try {
      EndpointLease lease = resolver.lease(target, tried);
      tried.add(lease.endpoint());
      return lease;
    } catch (NoHealthyUpstreamException e) {
      if (last != null) {
        throw new Exhausted(last);
      }
      throw new NotRetryableException(new IOException(e.getMessage(), e));
    }
  }

  /** No instance left to try; carries the last attempt's failure. */
  private static final class Exhausted extends IOException {
    private static final long serialVersionUID = 1L;
    private final IOException last;

    Exhausted(IOException last) {
      super(last.getMessage(), last);
      this.last = last;
    }
  }
}
