package io.nativemesh.gossip.internal;

/** memberlist's one-byte message type codes (append-only protocol constants). */
public final class MessageType {
    public static final int PING = 0;
    public static final int INDIRECT_PING = 1;
    public static final int ACK = 2;
    public static final int SUSPECT = 3;
    public static final int ALIVE = 4;
    public static final int DEAD = 5;
    public static final int PUSH_PULL = 6;
    public static final int COMPOUND = 7;
    public static final int USER = 8;
    public static final int COMPRESS = 9;
    public static final int ENCRYPT = 10;
    public static final int NACK = 11;
    public static final int HAS_CRC = 12;
    public static final int ERR = 13;
    public static final int HAS_LABEL = 244;

    private MessageType() {
    }
}
