package io.nativemesh.core;

/**
 * Thrown when a configuration value (a flag, an environment variable, a builder argument) is invalid.
 * The message names the setting and the offending value.
 */
public final class InvalidConfigurationException extends MeshException {
  private static final long serialVersionUID = 1L;

  /** @param message names the setting and the offending value */
  public InvalidConfigurationException(String message) {
    super(message);
  }

  /**
   * @param message names the setting and the offending value
   * @param cause the underlying parse failure
   */
  public InvalidConfigurationException(String message, Throwable cause) {
    super(message, cause);
  }
}
