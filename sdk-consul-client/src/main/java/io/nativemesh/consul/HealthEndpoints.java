package io.nativemesh.consul;

import com.fasterxml.jackson.databind.JavaType;
import io.nativemesh.consul.internal.ConsulJson;
import io.nativemesh.core.model.ServiceEntry;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Consul API: {@code /v1/health/*}. Blocking reads. Thread-safe.
 */
public final class HealthEndpoints {
  private static final JavaType ENTRIES = ConsulJson.listOf(ServiceEntry.class);
  private final ConsulClient client;

  HealthEndpoints(ConsulClient client) {
    this.client = client;
  }

  /**
   * {@code GET /v1/health/connect/:service}: mesh-capable instances (Connect-native services and
   * sidecar proxies). Add {@code passing} with {@link QueryOptions#withParam}.
   *
   * @param service service name
   * @param options blocking and filter options
   * @return the future entries
   */
  public CompletableFuture<QueryResult<List<ServiceEntry>>> connect(String service, QueryOptions options) {
    return client.read("/v1/health/connect/" + service, ENTRIES, options, false);
  }

  /**
   * {@code GET /v1/health/service/:service}.
   *
   * @param service service name
   * @param options blocking and filter options
   * @return the future entries
   */
  public CompletableFuture<QueryResult<List<ServiceEntry>>> service(String service, QueryOptions options) {
    return client.read("/v1/health/service/" + service, ENTRIES, options, false);
  }
}
