package io.nativemesh.server.internal.state;

/**
 * A write would give a new intention an ID that another intention already has (a client-supplied
 * {@code LegacyID} racing another write). The command is rejected before it is logged; the state is
 * unchanged. The HTTP layer answers 409 with this message.
 */
public final class IntentionIdInUseException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /** @param id the intention ID (a UUID) that is taken */
  public IntentionIdInUseException(String id) {
    super("intention ID " + id + " is already in use");
  }
}
