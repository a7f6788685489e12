package io.nativemesh.gossip.internal;

import java.io.IOException;

/** A packet or stream that does not follow memberlist's wire format; the input is dropped. */
public class WireFormatException extends IOException {
    private static final long serialVersionUID = 1L;
    private final DropReason reason;

    public WireFormatException(String message) {
        this(DropReason.MALFORMED, message);
    }

    public WireFormatException(DropReason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public DropReason reason() {
        return reason;
    }
}
