package io.nativemesh.tls;

/**
 * Whether the service can take part in the mesh right now, and why not.
 *
 * @param ready true if a leaf, roots and intentions are loaded, the leaf is within its validity and
 *     chains to the current roots
 * @param reason a person-readable explanation (also when ready: the serial and expiry)
 */
public record Readiness(boolean ready, String reason) {}
