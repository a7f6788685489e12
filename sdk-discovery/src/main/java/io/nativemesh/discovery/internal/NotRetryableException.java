package io.nativemesh.discovery.internal;

import java.io.IOException;

/**
 * Wraps a failure that must not be retried on another instance (e.g. a non-idempotent HTTP request
 * that may have reached the server). Unwrapped before callers see it.
 */
public final class NotRetryableException extends IOException {
  private static final long serialVersionUID = 1L;

  /** @param cause the failure to surface */
  public NotRetryableException(IOException cause) {
    super(cause.getMessage(), cause);
  }
}
