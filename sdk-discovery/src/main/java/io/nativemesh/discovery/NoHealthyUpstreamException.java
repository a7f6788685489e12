package io.nativemesh.discovery;

import io.nativemesh.core.MeshException;

/**
 * No passing, mesh-capable instance of an upstream is known (Consul API:
 * {@code /v1/health/connect/:service?passing} returned none, or never answered).
 */
public final class NoHealthyUpstreamException extends MeshException {
  private static final long serialVersionUID = 1L;
  private final String service;

  /**
   * @param service the upstream name
   * @param detail why
   */
  public NoHealthyUpstreamException(String service, String detail) {
    super("no healthy instance of upstream '" + service + "': " + detail);
    this.service = service;
  }

  /** @return the upstream name */
  public String service() {
    return service;
  }
}
