package io.nativemesh.blocking;

import io.nativemesh.consul.QueryOptions;
import io.nativemesh.consul.QueryResult;
import java.util.concurrent.CompletableFuture;

/**
 * One read of a blocking-capable Consul endpoint. The watch engine calls it with the index (or hash)
 * and wait to block on; cancelling the returned future must abort the HTTP call.
 *
 * @param <T> the decoded body type; must implement value {@code equals} (records do), because the
 *     engine suppresses unchanged payloads
 */
@FunctionalInterface
public interface Fetcher<T> {
  /**
   * @param options blocking index or hash, wait, and the endpoint's own parameters
   * @return the future response
   */
  CompletableFuture<QueryResult<T>> fetch(QueryOptions options);
}
