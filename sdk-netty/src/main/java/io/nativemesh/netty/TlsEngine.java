/*
 * Copyright 2026 The NativeMesh Authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */
package io.nativemesh.netty;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which TLS implementation Netty contexts use. {@link #AUTO} picks OpenSSL (BoringSSL from {@code
 * netty-tcnative-boringssl-static}) when it loads and the JDK otherwise, logging why.
 *
 * @since 0.1.0
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
          throw new IllegalStateException(
              "OpenSSL TLS engine requested but not available: " + OpenSsl.unavailabilityCause());
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
        log.info(
            "TLS engine: JDK (OpenSSL unavailable: {})",
            String.valueOf(OpenSsl.unavailabilityCause()));
      }
    }
  }
}
