package io.nativemesh.core;

/**
 * Thrown when a string is not a valid SPIFFE ID, or not the kind of SPIFFE ID required (for example
 * a Consul service identity). {@link #value()} is the rejected input.
 */
public final class InvalidSpiffeIdException extends MeshException {
  private static final long serialVersionUID = 1L;
  private final String value;

  /**
   * @param value the rejected input, verbatim
   * @param reason why it was rejected
   */
  public InvalidSpiffeIdException(String value, String reason) {
    super("invalid SPIFFE ID '" + value + "': " + reason);
    this.value = value;
  }

  /** @return the rejected input, verbatim (may be {@code null}) */
  public String value() {
    return value;
  }
}
