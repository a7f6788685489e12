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
package io.nativemesh.gossip.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/** Pending ack/nack handlers by sequence number, each expiring after a timeout. Thread-safe. */
final class AckRegistry {
  private final Map<Long, Handler> handlers = new ConcurrentHashMap<>();
  private final Ticker ticker;

  private record Handler(Consumer<byte[]> onAck, Runnable onNack) {}

  AckRegistry(Ticker ticker) {
    this.ticker = ticker;
  }

  /**
   * Registers handlers for {@code seq}; removed after the first ack or after {@code timeoutNanos}.
   */
  void register(long seq, Consumer<byte[]> onAck, Runnable onNack, long timeoutNanos) {
    handlers.put(seq, new Handler(onAck, onNack));
    ticker.schedule(() -> handlers.remove(seq), timeoutNanos);
  }

  void ack(long seq, byte[] payload) {
    Handler h = handlers.remove(seq);
    if (h != null) {
      h.onAck().accept(payload);
    }
  }

  void nack(long seq) {
    Handler h = handlers.get(seq);
    if (h != null && h.onNack() != null) {
      h.onNack().run();
    }
  }
}
