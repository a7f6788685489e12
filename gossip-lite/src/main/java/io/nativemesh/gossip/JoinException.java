package io.nativemesh.gossip;

/** No seed could be contacted (TCP push/pull failed with every seed). */
public class JoinException extends GossipException {
    private static final long serialVersionUID = 1L;

    public JoinException(String message, Throwable cause) {
        super(message, cause);
    }
}
