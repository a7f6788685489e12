package io.nativemesh.consul;

import com.fasterxml.jackson.databind.JavaType;
import io.nativemesh.consul.internal.ConsulJson;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Consul API: {@code /v1/catalog/*}. Thread-safe.
 */
public final class CatalogEndpoints {
  private static final JavaType SERVICES = ConsulJson.mapOfLists(String.class);
  private final ConsulClient client;

  CatalogEndpoints(ConsulClient client) {
    this.client = client;
  }

  /**
   * {@code GET /v1/catalog/services}.
   *
   * @param options blocking options
   * @return the future map of service name to tags
   */
  public CompletableFuture<QueryResult<Map<String, List<String>>>> services(QueryOptions options) {
    return client.read("/v1/catalog/services", SERVICES, options, false);
  }
}
