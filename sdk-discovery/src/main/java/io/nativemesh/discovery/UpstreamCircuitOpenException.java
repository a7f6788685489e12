package io.nativemesh.discovery;

import java.io.IOException;

/**
 * The upstream's circuit breaker is open: recent attempts failed too often, so this one was not
 * made. An {@link IOException}, so HTTP clients and socket callers handle it like any failure to
 * connect; try again after the policy's {@code breakerOpenFor}.
 */
public final class UpstreamCircuitOpenException extends IOException {
  private static final long serialVersionUID = 1L;
  private final String upstream;

  /**
   * @param upstream the upstream
   * @param message the explanation
   */
  public UpstreamCircuitOpenException(String upstream, String message) {
    super(message);
    this.upstream = upstream;
  }

  /** @return the upstream name */
  public String upstream() {
    return upstream;
  }
}
