package io.nativemesh.core;

/**
 * Base of every exception the NativeMesh SDK throws on purpose. Subclasses name the failure domain
 * (an invalid SPIFFE ID, a Consul API error, a TLS verification failure...) and carry the offending
 * value, so a caller can log something a person can act on.
 *
 * <p>Unchecked: mesh failures are usually configuration or environment errors that the immediate
 * caller cannot repair.
 */
public class MeshException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what failed, including the offending value
   */
  public MeshException(String message) {
    super(message);
  }

  /**
   * @param message what failed, including the offending value
   * @param cause the underlying failure
   */
  public MeshException(String message, Throwable cause) {
    super(message, cause);
  }
}
