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
package io.nativemesh.consul;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nativemesh.consul.internal.ServerPool;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Runs the HTTP calls of a {@link ConsulClient}: one request tried on the addresses of a {@link
 * ServerPool} in turn until one answers, decoding the answer. Thread-safe.
 */
final class FailoverCalls {
  private final OkHttpClient http;
  private final ServerPool servers;
  private final ObjectMapper mapper;

  FailoverCalls(OkHttpClient http, ServerPool servers, ObjectMapper mapper) {
    this.http = http;
    this.servers = servers;
    this.mapper = mapper;
  }

  /**
   * @param what method and path, for messages
   * @param request builds the request for one base URL
   * @param timeout per attempt
   * @param type the body type, null to ignore the body
   * @param notFoundIsNull map a 404 to a null value
   * @param <T> body type
   * @return the result; cancelling it cancels the call in flight
   */
  <T> CompletableFuture<QueryResult<T>> execute(
      String what,
      Function<HttpUrl, Request> request,
      Duration timeout,
      JavaType type,
      boolean notFoundIsNull) {
    Attempt<T> a = new Attempt<>(what, request, timeout, type, notFoundIsNull);
    a.next();
    return a.result;
  }

  /** One request across the addresses: its plan, the failures so far and the caller's future. */
  private final class Attempt<T> {
    private final String what;
    private final Function<HttpUrl, Request> request;
    private final Duration timeout;
    private final JavaType type;
    private final boolean notFoundIsNull;
    private final ServerPool.Plan plan = servers.plan();
    private final List<HttpUrl> tried = new ArrayList<>();
    private final List<Throwable> failures = new ArrayList<>();
    private volatile Call current;
    private final CompletableFuture<QueryResult<T>> result =
        new CompletableFuture<>() {
          @Override
          public boolean cancel(boolean mayInterrupt) {
            // complete as cancelled first: call.cancel() makes OkHttp report the abort through
            // onFailure, possibly at once on its dispatcher thread, which must not win the race
            // and turn the cancellation into a transport failure
            boolean cancelled = super.cancel(mayInterrupt);
            Call c = current;
            if (c != null) {
              c.cancel();
            }
            return cancelled;
          }
        };

    Attempt(
        String what,
        Function<HttpUrl, Request> request,
        Duration timeout,
        JavaType type,
        boolean notFoundIsNull) {
      this.what = what;
      this.request = request;
      this.timeout = timeout;
      this.type = type;
      this.notFoundIsNull = notFoundIsNull;
    }

    void next() {
      ServerPool.Server server = plan.next();
      if (server == null) {
        result.completeExceptionally(exhausted());
        return;
      }
      HttpUrl base = server.url();
      Request req = request.apply(base);
      boolean idempotent = req.method().equals("GET");
      Call call = http.newCall(req);
      call.timeout().timeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
      current = call;
      if (result.isDone()) { // cancelled before this attempt began
        plan.abandoned();
        return;
      }
      call.enqueue(
          new Callback() {
            @Override
            public void onFailure(Call c, IOException e) {
              ConsulTransportException failure =
                  new ConsulTransportException(what + " to " + base + " failed: " + e, e);
              if (result.isDone()) {
                plan.abandoned();
              } else if (idempotent || notSent(e)) {
                failOver(base, failure);
              } else {
                plan.failed(failure);
                result.completeExceptionally(failure);
              }
            }

            @Override
            public void onResponse(Call c, Response resp) {
              answered(base, req, idempotent, resp);
            }
          });
    }

    private void answered(HttpUrl base, Request req, boolean idempotent, Response resp) {
      try (resp) {
        ResponseBody body = resp.body();
        byte[] bytes = body == null ? new byte[0] : body.bytes();
        QueryMeta meta = meta(resp);
        if (resp.code() == 404 && notFoundIsNull) {
          plan.succeeded();
          result.complete(new QueryResult<>(null, meta));
          return;
        }
        if (!resp.isSuccessful()) {
          String text = new String(bytes, StandardCharsets.UTF_8).trim();
          ConsulApiException failure =
              new ConsulApiException(req.method(), req.url().encodedPath(), resp.code(), text);
          if (noLeader(resp.code(), text, idempotent)) {
            failOver(base, failure);
          } else {
            plan.succeeded();
            result.completeExceptionally(failure);
          }
          return;
        }
        T value = type == null || bytes.length == 0 ? null : mapper.readValue(bytes, type);
        plan.succeeded();
        result.complete(new QueryResult<>(value, meta));
      } catch (IOException | RuntimeException e) {
        plan.failed(e);
        result.completeExceptionally(
            new ConsulTransportException(
                what + ": cannot read response from " + base + ": " + e.getMessage(), e));
      }
    }

    private void failOver(HttpUrl base, RuntimeException failure) {
      plan.failed(failure);
      tried.add(base);
      failures.add(failure);
      next();
    }

    private RuntimeException exhausted() {
      if (failures.size() == 1) {
        return (RuntimeException) failures.get(0); // one address: the failure as it was
      }
      return new ConsulServersUnavailableException(what, tried, failures);
    }
  }

  /**
   * Whether the request certainly never reached a server (so a write may go to another one).
   *
   * @param e OkHttp's failure
   * @return true for connection refused, no route, unknown host
   */
  static boolean notSent(IOException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConnectException
          || t instanceof NoRouteToHostException
          || t instanceof UnknownHostException) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether an error status means "this server cannot serve this read now, another may": Consul
   * answers 500 {@code No cluster leader} while there is no leader; 503 is the companion server's
   * and a proxy's "unavailable"; 502 and 504 come from proxies in front of a dead server. Never for
   * a write: a server may answer "No cluster leader" to a write that it had already put in the Raft
   * log and that a new leader then commits, so sending it again elsewhere could apply it twice.
   *
   * @param code the status
   * @param body the plain-text body
   * @param idempotent whether the request was a read
   * @return true to try the next address
   */
  static boolean noLeader(int code, String body, boolean idempotent) {
    if (!idempotent) {
      return false;
    }
    if (code == 500) {
      String b = body.toLowerCase(Locale.ROOT);
      return b.contains("no cluster leader") || b.contains("no leader");
    }
    return code == 502 || code == 503 || code == 504;
  }

  private static QueryMeta meta(Response r) {
    return new QueryMeta(
        parseLong(r.header("X-Consul-Index")),
        "true".equals(r.header("X-Consul-KnownLeader")),
        parseLong(r.header("X-Consul-LastContact")),
        r.header("X-Consul-Default-ACL-Policy"),
        r.header("X-Consul-ContentHash"));
  }

  private static long parseLong(String s) {
    if (s == null) {
      return 0;
    }
    try {
      return Long.parseUnsignedLong(s.trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
