package io.nativemesh.gossip.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/** Pending ack/nack handlers by sequence number, each expiring after a timeout. Thread-safe. */
final class AckRegistry {
    private final Map<Long, Handler> handlers = new ConcurrentHashMap<>();
    private final Ticker ticker;

    private record Handler(Consumer<byte[]> onAck, Runnable onNack) {
    }

    AckRegistry(Ticker ticker) {
        this.ticker = ticker;
    }

    /** Registers handlers for {@code seq}; removed after the first ack or after {@code timeoutNanos}. */
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
