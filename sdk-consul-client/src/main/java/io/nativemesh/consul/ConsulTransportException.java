package io.nativemesh.consul;

import io.nativemesh.core.MeshException;

/**
 * The Consul HTTP API could not be reached or did not answer in time (connection refused, timeout,
 * reset), or answered with a body that could not be decoded. The message names the request.
 */
public final class ConsulTransportException extends MeshException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message names the request and the failure
   * @param cause the I/O or decoding failure
   */
  public ConsulTransportException(String message, Throwable cause) {
    super(message, cause);
  }
}
