package io.nativemesh.consul;

import io.nativemesh.core.MeshException;

/**
 * The Consul HTTP API answered with an error status. {@link #statusCode()} and {@link #body()} (Consul
 * sends plain-text reasons) say why; e.g. 403 {@code Permission denied} for a token without
 * {@code service:write}.
 */
public final class ConsulApiException extends MeshException {
  private static final long serialVersionUID = 1L;
  private final int statusCode;
  private final String body;

  /**
   * @param method HTTP method
   * @param path request path, without the token
   * @param statusCode HTTP status
   * @param body response body (plain text)
   */
  public ConsulApiException(String method, String path, int statusCode, String body) {
    super(method + " " + path + ": Unexpected response code: " + statusCode + " (" + body + ")");
    this.statusCode = statusCode;
    this.body = body;
  }

  /** @return the HTTP status code */
  public int statusCode() {
    return statusCode;
  }

  /** @return the plain-text error body */
  public String body() {
    return body;
  }
}
