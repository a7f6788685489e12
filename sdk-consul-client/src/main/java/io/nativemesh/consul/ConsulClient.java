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
import io.nativemesh.consul.internal.ConsulJson;
import io.nativemesh.core.InvalidConfigurationException;
import io.nativemesh.core.NativeMeshVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Dispatcher;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * A client for the subset of Consul's HTTP API v1 that Connect-native services use, built on OkHttp
 * and Jackson. Works against a Consul agent (1.15+) and against the NativeMesh companion server.
 *
 * <p>Endpoint groups: {@link #agent()}, {@link #health()}, {@link #catalog()}, {@link
 * #connectCa()}, {@link #intentions()}. Every read has a synchronous form and an asynchronous form
 * returning a {@link CompletableFuture} whose {@code cancel} aborts the HTTP call.
 *
 * <p>The token travels in {@code X-Consul-Token} (never {@code ?token=}, which ends up in logs).
 * Every request carries {@code User-Agent: nativemesh-java/<version>} ({@link NativeMeshVersion}).
 * Timeouts: non-blocking calls time out after {@link Builder#requestTimeout}; blocking calls after
 * {@code wait + wait/16 + requestTimeout}, covering the server's jitter (Consul API: blocking
 * queries).
 *
 * <p>Thread-safe; share one instance per agent address.
 *
 * @since 0.1.0
 */
public final class ConsulClient implements AutoCloseable {
  /** Consul's default blocking wait when {@code wait} is not sent. */
  public static final Duration DEFAULT_WAIT = Duration.ofMinutes(5);

  private static final MediaType JSON = MediaType.get("application/json");
  private static final String USER_AGENT = NativeMeshVersion.current().userAgent();

  private final HttpUrl base;
  private final String token;
  private final OkHttpClient http;
  private final Duration requestTimeout;
  private final boolean ownsHttp;
  private final ObjectMapper mapper = ConsulJson.mapper();

  private ConsulClient(Builder b) {
    this.base = b.address;
    this.token = b.token;
    this.requestTimeout = b.requestTimeout;
    if (b.http != null) {
      this.http = b.http;
      this.ownsHttp = false;
    } else {
      Dispatcher dispatcher = new Dispatcher();
      dispatcher.setMaxRequests(256);
      dispatcher.setMaxRequestsPerHost(256);
      this.http =
          new OkHttpClient.Builder()
              .dispatcher(dispatcher)
              .connectTimeout(b.requestTimeout)
              .readTimeout(Duration.ZERO) // the per-call timeout below bounds every call
              .build();
      this.ownsHttp = true;
    }
  }

  /**
   * @return a builder; the address defaults to {@code http://127.0.0.1:8500}
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A client configured like every Consul client: {@code CONSUL_HTTP_ADDR} (e.g. {@code
   * 127.0.0.1:8500} or {@code http://host:port}) and {@code CONSUL_HTTP_TOKEN}.
   *
   * @return the client
   * @throws InvalidConfigurationException if {@code CONSUL_HTTP_ADDR} is not an address
   */
  public static ConsulClient fromEnvironment() {
    return builder().fromEnvironment(System.getenv()).build();
  }

  /**
   * @return agent endpoints ({@code /v1/agent/...})
   */
  public AgentEndpoints agent() {
    return new AgentEndpoints(this);
  }

  /**
   * @return health endpoints ({@code /v1/health/...})
   */
  public HealthEndpoints health() {
    return new HealthEndpoints(this);
  }

  /**
   * @return catalog endpoints ({@code /v1/catalog/...})
   */
  public CatalogEndpoints catalog() {
    return new CatalogEndpoints(this);
  }

  /**
   * @return Connect CA endpoints (roots, leaf, authorize)
   */
  public ConnectCaEndpoints connectCa() {
    return new ConnectCaEndpoints(this);
  }

  /**
   * @return intention endpoints ({@code /v1/connect/intentions/...})
   */
  public IntentionEndpoints intentions() {
    return new IntentionEndpoints(this);
  }

  /**
   * @return the agent base URL
   */
  public HttpUrl address() {
    return base;
  }

  /**
   * Performs a read of an endpoint the endpoint groups do not cover and decodes the body into a
   * class (a model record, {@code String}, {@code Map}...).
   *
   * @param path path below the base, e.g. {@code /v1/agent/connect/ca/roots}
   * @param type the body type
   * @param options query options
   * @param notFoundIsNull map a 404 to a null value instead of an exception
   * @param <T> body type
   * @return the future result; cancelling it cancels the call. Fails with {@link
   *     ConsulApiException} (error status) or {@link ConsulTransportException} (I/O, timeout,
   *     undecodable body)
   */
  public <T> CompletableFuture<QueryResult<T>> getAsync(
      String path, Class<T> type, QueryOptions options, boolean notFoundIsNull) {
    return read(path, ConsulJson.type(type), options, notFoundIsNull);
  }

  /** As {@link #getAsync}, for the endpoint groups, whose bodies may be generic (lists, maps). */
  <T> CompletableFuture<QueryResult<T>> read(
      String path, JavaType type, QueryOptions options, boolean notFoundIsNull) {
    HttpUrl.Builder url = url(path);
    options.toParams().forEach((k, v) -> url.addQueryParameter(k, v.isEmpty() ? null : v));
    Request req = request(url.build()).get().build();
    Duration timeout = requestTimeout;
    if (options.isBlocking()) {
      Duration wait = options.waitTime() == null ? DEFAULT_WAIT : options.waitTime();
      timeout = wait.plus(wait.dividedBy(16)).plus(requestTimeout);
    }
    return execute(req, timeout, type, notFoundIsNull);
  }

  /**
   * Performs a write to an endpoint the endpoint groups do not cover.
   *
   * @param method {@code PUT}, {@code POST} or {@code DELETE}
   * @param path path below the base
   * @param params query parameters
   * @param body object serialized as JSON, or null for an empty body
   * @param type the response body class, or null to ignore the body
   * @param <T> body type
   * @return the decoded response, null when {@code type} is null or the body empty
   * @throws ConsulApiException on an error status
   * @throws ConsulTransportException on I/O failure, timeout or an undecodable body
   */
  public <T> T write(
      String method, String path, Map<String, String> params, Object body, Class<T> type) {
    return send(method, path, params, body, type == null ? null : ConsulJson.type(type));
  }

  /** As {@link #write}, for the endpoint groups. */
  <T> T send(String method, String path, Map<String, String> params, Object body, JavaType type) {
    HttpUrl.Builder url = url(path);
    params.forEach(url::addQueryParameter);
    RequestBody rb;
    try {
      rb =
          body == null
              ? RequestBody.create(new byte[0], null)
              : RequestBody.create(mapper.writeValueAsBytes(body), JSON);
    } catch (IOException e) {
      throw new ConsulTransportException("cannot encode " + method + " " + path + " body", e);
    }
    Request req =
        request(url.build())
            .method(method, method.equals("DELETE") && body == null ? null : rb)
            .build();
    QueryResult<T> r = join(execute(req, requestTimeout, type, false));
    return r.value();
  }

  /**
   * Waits for a future produced by this client, unwrapping its failure.
   *
   * @param f the future
   * @param <T> body type
   * @return the result
   * @throws ConsulApiException or {@link ConsulTransportException} as the call failed
   */
  public static <T> T join(CompletableFuture<T> f) {
    try {
      return f.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw e;
    }
  }

  private HttpUrl.Builder url(String path) {
    HttpUrl.Builder b = base.newBuilder();
    for (String seg : path.substring(1).split("/", -1)) {
      b.addPathSegment(seg);
    }
    return b;
  }

  private Request.Builder request(HttpUrl url) {
    Request.Builder b = new Request.Builder().url(url).header("User-Agent", USER_AGENT);
    if (token != null && !token.isEmpty()) {
      b.header("X-Consul-Token", token);
    }
    return b;
  }

  private <T> CompletableFuture<QueryResult<T>> execute(
      Request req, Duration timeout, JavaType type, boolean notFoundIsNull) {
    Call call = http.newCall(req);
    call.timeout().timeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    String what = req.method() + " " + req.url().encodedPath();
    CompletableFuture<QueryResult<T>> f =
        new CompletableFuture<>() {
          @Override
          public boolean cancel(boolean mayInterrupt) {
            // complete as cancelled first: call.cancel() makes OkHttp report the abort through
            // onFailure, possibly at once on its dispatcher thread, which must not win the race
            // and turn the cancellation into a transport failure
            boolean cancelled = super.cancel(mayInterrupt);
            call.cancel();
            return cancelled;
          }
        };
    call.enqueue(
        new Callback() {
          @Override
          public void onFailure(Call c, IOException e) {
            f.completeExceptionally(
                new ConsulTransportException(what + " to " + base + " failed: " + e, e));
          }

          @Override
          public void onResponse(Call c, Response resp) {
            try (resp) {
              ResponseBody body = resp.body();
              byte[] bytes = body == null ? new byte[0] : body.bytes();
              QueryMeta meta = meta(resp);
              if (resp.code() == 404 && notFoundIsNull) {
                f.complete(new QueryResult<>(null, meta));
                return;
              }
              if (!resp.isSuccessful()) {
                f.completeExceptionally(
                    new ConsulApiException(
                        req.method(),
                        req.url().encodedPath(),
                        resp.code(),
                        new String(bytes, StandardCharsets.UTF_8).trim()));
                return;
              }
              T value = type == null || bytes.length == 0 ? null : mapper.readValue(bytes, type);
              f.complete(new QueryResult<>(value, meta));
            } catch (IOException | RuntimeException e) {
              f.completeExceptionally(
                  new ConsulTransportException(
                      what + ": cannot read response: " + e.getMessage(), e));
            }
          }
        });
    return f;
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

  /** Releases the HTTP client's threads and connections if this client created them. */
  @Override
  public void close() {
    if (ownsHttp) {
      http.dispatcher().cancelAll();
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }
  }

  /** Builder of {@link ConsulClient}; not thread-safe. */
  public static final class Builder {
    private HttpUrl address = HttpUrl.get("http://127.0.0.1:8500");
    private String token;
    private OkHttpClient http;
    private Duration requestTimeout = Duration.ofSeconds(10);

    private Builder() {}

    /**
     * @param addr {@code host:port}, {@code http://host:port} or {@code https://host:port}
     * @return this
     * @throws InvalidConfigurationException if it is not an address
     */
    public Builder address(String addr) {
      Objects.requireNonNull(addr, "addr");
      String a = addr.contains("://") ? addr : "http://" + addr;
      HttpUrl u = HttpUrl.parse(a);
      if (u == null) {
        throw new InvalidConfigurationException(
            "invalid Consul address '" + addr + "' (expected host:port or http://host:port)");
      }
      this.address = u;
      return this;
    }

    /**
     * @param t ACL token sent as {@code X-Consul-Token}; null or empty for none
     * @return this
     */
    public Builder token(String t) {
      this.token = t;
      return this;
    }

    /**
     * @param client an OkHttp client to share (its read timeout should be 0 or larger than the
     *     blocking waits used)
     * @return this
     */
    public Builder httpClient(OkHttpClient client) {
      this.http = client;
      return this;
    }

    /**
     * @param t timeout of non-blocking calls, and the margin added to blocking ones (default 10 s)
     * @return this
     */
    public Builder requestTimeout(Duration t) {
      if (t.isNegative() || t.isZero()) {
        throw new InvalidConfigurationException("requestTimeout must be positive, was " + t);
      }
      this.requestTimeout = t;
      return this;
    }

    /**
     * Reads {@code CONSUL_HTTP_ADDR} and {@code CONSUL_HTTP_TOKEN} from the given environment.
     *
     * @param env environment variables
     * @return this
     */
    public Builder fromEnvironment(Map<String, String> env) {
      String a = env.get("CONSUL_HTTP_ADDR");
      if (a != null && !a.isBlank()) {
        address(a.trim());
      }
      String t = env.get("CONSUL_HTTP_TOKEN");
      if (t != null && !t.isBlank()) {
        token(t.trim());
      }
      return this;
    }

    /**
     * @return the client
     */
    public ConsulClient build() {
      return new ConsulClient(this);
    }
  }
}
