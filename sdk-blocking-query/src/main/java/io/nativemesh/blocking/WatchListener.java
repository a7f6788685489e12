package io.nativemesh.blocking;

/**
 * Receives a watch's values. Callbacks run on the thread that completed the HTTP call, one at a time
 * per watch and in order; they must be quick and must not block (hand long work to an executor).
 * An exception thrown by a callback is logged and does not stop the watch.
 *
 * @param <T> value type
 */
public interface WatchListener<T> {
  /**
   * A value that differs from the previous one (or the first value).
   *
   * @param value the new value, never null
   * @param index the response's blocking index (≥ 1)
   */
  void onUpdate(T value, long index);

  /**
   * A failed read; the watch retries with backoff and keeps its last good value.
   *
   * @param error the failure ({@link io.nativemesh.consul.ConsulApiException} or
   *     {@link io.nativemesh.consul.ConsulTransportException})
   * @param consecutiveFailures failures since the last success, ≥ 1
   */
  default void onError(RuntimeException error, int consecutiveFailures) {}
}
