package io.nativemesh.server.internal.ca;

/**
 * A leaf could not be issued because the CSR rate limit was reached (docs/consul-api.md,
 * "CSR rate limit"); the HTTP
 * layer answers 429 with {@link CsrRateLimiter#RATE_LIMITED}.
 */
public final class CsrRateLimitedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with Consul's message. */
  public CsrRateLimitedException() {
    super(CsrRateLimiter.RATE_LIMITED, null, false, false);
  }
}
