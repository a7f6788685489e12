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
import io.nativemesh.consul.internal.ServerPool;
import io.nativemesh.core.InvalidConfigurationException;
import io.nativemesh.core.NativeMeshVersion;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import okhttp3.Dispatcher;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;

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
 * <p>Several server addresses (a cluster; {@link Builder#addresses(List)} or a comma-separated
 * {@code CONSUL_HTTP_ADDR}): requests go to the address that last answered and fail over, in list
 * order, to the next one when it cannot be reached (connection refused, reset, timeout) or answers
 * with a 5xx meaning "no leader" (500 {@code No cluster leader}, 502, 503, 504). Reads fail over on
 * any of these; writes only when the request certainly never reached a server (connection refused,
 * no route, unknown host), never after a timeout, a reset or an error status, which would risk
 * applying them twice (a server can answer "No cluster leader" to a write already in its Raft log,
 * which a new leader then commits). A failed address is tried last for {@link
 * Builder#failoverCoolDown} (a Resilience4j circuit breaker per address). A blocking query keeps
 * its {@code index} across a failover: the same request is sent to the next server. When every
 * address fails the call fails with {@link ConsulServersUnavailableException} naming each.
 *
 * <p>Thread-safe; share one instance per agent address (or cluster).
 *
 * @since 0.1.0
 */
public final class ConsulClient implements AutoCloseable {
  /** Consul's default blocking wait when {@code wait} is not sent. */
  public static final Duration DEFAULT_WAIT = Duration.ofMinutes(5);

  private static final MediaType JSON = MediaType.get("application/json");
  private static final String USER_AGENT = NativeMeshVersion.current().userAgent();

  private final ServerPool servers;
  private final String token;
  private final OkHttpClient http;
  private final Duration requestTimeout;
  private final boolean ownsHttp;
  private final ObjectMapper mapper = ConsulJson.mapper();
  private final FailoverCalls calls;

  private ConsulClient(Builder b) {
    this.servers = new ServerPool(b.addresses, b.coolDown);
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
    this.calls = new FailoverCalls(http, servers, mapper);
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
   * @return the base URL requests go to first: the only address, or of several the one that last
   *     answered
   */
  public HttpUrl address() {
    return servers.preferred();
  }

  /**
   * @return every configured base URL, in the configured order (immutable)
   * @since 0.2.0
   */
  public List<HttpUrl> addresses() {
    return servers.addresses();
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
    Function<HttpUrl, Request> req =
        base -> {
          HttpUrl.Builder url = url(base, path);
          options.toParams().forEach((k, v) -> url.addQueryParameter(k, v.isEmpty() ? null : v));
          return request(url.build()).get().build();
        };
    Duration timeout = requestTimeout;
    if (options.isBlocking()) {
      Duration wait = options.waitTime() == null ? DEFAULT_WAIT : options.waitTime();
      timeout = wait.plus(wait.dividedBy(16)).plus(requestTimeout);
    }
    return execute("GET " + path, req, timeout, type, notFoundIsNull);
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
    return send(method, path, params, body, type, null);
  }

  /** As {@link #write}, waiting at most {@code timeout} (null: the request timeout). */
  <T> T send(
      String method,
      String path,
      Map<String, String> params,
      Object body,
      JavaType type,
      Duration timeout) {
    RequestBody rb;
    try {
      rb =
          body == null
              ? RequestBody.create(new byte[0], null)
              : RequestBody.create(mapper.writeValueAsBytes(body), JSON);
    } catch (IOException e) {
      throw new ConsulTransportException("cannot encode " + method + " " + path + " body", e);
    }
    Function<HttpUrl, Request> req =
        base -> {
          HttpUrl.Builder url = url(base, path);
          params.forEach(url::addQueryParameter);
          return request(url.build())
              .method(method, method.equals("DELETE") && body == null ? null : rb)
              .build();
        };
    QueryResult<T> r =
        join(
            execute(
                method + " " + path, req, timeout == null ? requestTimeout : timeout, type, false));
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

  private static HttpUrl.Builder url(HttpUrl base, String path) {
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
      String what,
      Function<HttpUrl, Request> request,
      Duration timeout,
      JavaType type,
      boolean notFoundIsNull) {
    return calls.execute(what, request, timeout, type, notFoundIsNull);
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
    private List<HttpUrl> addresses = List.of(HttpUrl.get("http://127.0.0.1:8500"));
    private Duration coolDown = Duration.ofSeconds(5);
    private String token;
    private OkHttpClient http;
    private Duration requestTimeout = Duration.ofSeconds(10);

    private Builder() {}

    /**
     * @param addr {@code host:port}, {@code http://host:port} or {@code https://host:port}; a
     *     comma-separated list of these configures several servers, as {@link #addresses(List)}
     * @return this
     * @throws InvalidConfigurationException if it is not an address, naming the bad one
     */
    public Builder address(String addr) {
      Objects.requireNonNull(addr, "addr");
      return addresses(List.of(addr.split(",", -1)));
    }

    /**
     * Several servers of one cluster; requests fail over between them (see {@link ConsulClient}).
     *
     * @param addrs each {@code host:port}, {@code http://host:port} or {@code https://host:port},
     *     in the order to try them; surrounding blanks are ignored
     * @return this
     * @throws InvalidConfigurationException if the list is empty or an entry is not an address,
     *     naming it
     * @since 0.2.0
     */
    public Builder addresses(List<String> addrs) {
      Objects.requireNonNull(addrs, "addrs");
      List<HttpUrl> parsed = new ArrayList<>();
      for (String addr : addrs) {
        String s = Objects.requireNonNull(addr, "address").trim();
        String a = s.contains("://") ? s : "http://" + s;
        HttpUrl u = s.isEmpty() ? null : HttpUrl.parse(a);
        if (u == null) {
          throw new InvalidConfigurationException(
              "invalid Consul address '" + addr + "' (expected host:port or http://host:port)");
        }
        if (!parsed.contains(u)) {
          parsed.add(u);
        }
      }
      if (parsed.isEmpty()) {
        throw new InvalidConfigurationException("no Consul address given");
      }
      this.addresses = List.copyOf(parsed);
      return this;
    }

    /**
     * As {@link #addresses(List)}.
     *
     * @param addrs the addresses
     * @return this
     * @since 0.2.0
     */
    public Builder addresses(String... addrs) {
      return addresses(List.of(addrs));
    }

    /**
     * @param d how long an address that failed is tried only after the others (default 5 s)
     * @return this
     * @throws InvalidConfigurationException if not positive
     * @since 0.2.0
     */
    public Builder failoverCoolDown(Duration d) {
      if (d.isNegative() || d.isZero()) {
        throw new InvalidConfigurationException("failoverCoolDown must be positive, was " + d);
      }
      this.coolDown = d;
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
     * Reads {@code CONSUL_HTTP_ADDR} (one address or a comma-separated list, see {@link
     * #addresses(List)}) and {@code CONSUL_HTTP_TOKEN} from the given environment.
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
