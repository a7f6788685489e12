package io.nativemesh.netty;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which TLS implementation Netty contexts use. {@link #AUTO} picks OpenSSL (BoringSSL from
 * {@code netty-tcnative-boringssl-static}) when it loads and the JDK otherwise, logging why.
 */
public enum TlsEngine {
  /** OpenSSL if available, else the JDK. */
  AUTO,
  /** The JDK's JSSE engine. */
  JDK,
  /** BoringSSL through netty-tcnative; fails if it cannot be loaded. */
  OPENSSL;

  private static final Logger log = LoggerFactory.getLogger(TlsEngine.class);

  /**
   * @return the Netty provider for this choice
   * @throws IllegalStateException for {@link #OPENSSL} when netty-tcnative cannot be loaded (the
   *     message carries Netty's reason)
   */
  public SslProvider provider() {
    switch (this) {
      case JDK:
        return SslProvider.JDK;
      case OPENSSL:
        if (!OpenSsl.isAvailable()) {
          throw new IllegalStateException("OpenSSL TLS engine requested but not available: " + OpenSsl.unavailabilityCause());
        }
        return SslProvider.OPENSSL;
      default:
        if (OpenSsl.isAvailable()) {
          return SslProvider.OPENSSL;
        }
        Holder.logOnce();
        return SslProvider.JDK;
    }
  }

  private static final class Holder {
    private static volatile boolean logged;

    static void logOnce() {
      if (!logged) {
        logged = true;
        log.info("TLS engine: JDK (OpenSSL unavailable: {})", String.valueOf(OpenSsl.unavailabilityCause()));
      }
    }
  }
}
