package io.nativemesh.gossip.internal;

/** Why an inbound packet or stream was dropped; each reason has its own counter. */
public enum DropReason {
    /** Shorter than its framing says (compound parts, msgpack, CRC header, stream). */
    TRUNCATED,
    /** Parses but is not a valid memberlist message (bad msgpack, missing fields, bad LZW). */
    MALFORMED,
    /** CRC32 mismatch. */
    BAD_CRC,
    /** Encryption enabled and no installed key authenticates it, or plaintext where ciphertext is required. */
    DECRYPT_FAILED,
    /** Unknown or unsupported message type byte. */
    UNKNOWN_TYPE,
    /** Above a size limit (meta 512 B, stream 20 MiB, decompressed 40 MiB, 1 Mi nodes). */
    OVERSIZED,
    /** Label missing or different from ours. */
    LABEL_MISMATCH,
    /** Encrypted input while this node has no keyring. */
    UNEXPECTED_ENCRYPTION
}
