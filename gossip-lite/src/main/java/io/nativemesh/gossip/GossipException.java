package io.nativemesh.gossip;

/** Failure of a gossip-lite operation (bind, join, send). Unchecked. */
public class GossipException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public GossipException(String message) {
        super(message);
    }

    public GossipException(String message, Throwable cause) {
        super(message, cause);
    }
}
