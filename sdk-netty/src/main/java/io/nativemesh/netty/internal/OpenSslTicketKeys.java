package io.nativemesh.netty.internal;

import io.netty.handler.ssl.OpenSslSessionTicketKey;
import java.security.SecureRandom;

/** Fresh random TLS session-ticket keys for OpenSSL contexts. Thread-safe. */
public final class OpenSslTicketKeys {
  private static final SecureRandom RANDOM = new SecureRandom();

  private OpenSslTicketKeys() {}

  /** @return one new random key (name, HMAC and AES parts) */
  public static OpenSslSessionTicketKey random() {
    byte[] name = new byte[OpenSslSessionTicketKey.NAME_SIZE];
    byte[] hmac = new byte[OpenSslSessionTicketKey.HMAC_KEY_SIZE];
    byte[] aes = new byte[OpenSslSessionTicketKey.AES_KEY_SIZE];
    RANDOM.nextBytes(name);
    RANDOM.nextBytes(hmac);
    RANDOM.nextBytes(aes);
    return new OpenSslSessionTicketKey(name, hmac, aes);
  }
}
