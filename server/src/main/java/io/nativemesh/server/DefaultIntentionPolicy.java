package io.nativemesh.server;

import io.nativemesh.core.InvalidConfigurationException;
import java.util.Locale;

/**
 * The decision when no intention matches (Consul API: {@code default_intention_policy}, sent to
 * clients as {@code X-Consul-Default-ACL-Policy}). Dev mode defaults to {@link #ALLOW}, production
 * to {@link #DENY}.
 */
public enum DefaultIntentionPolicy {
  /** Connections without a matching intention are allowed. */
  ALLOW,
  /** Connections without a matching intention are denied. */
  DENY;

  /** @return {@code "allow"} or {@code "deny"}, the wire form */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** @return true for {@link #ALLOW} */
  public boolean allows() {
    return this == ALLOW;
  }

  /**
   * @param value {@code allow} or {@code deny} (case-insensitive)
   * @return the policy
   * @throws InvalidConfigurationException naming the value otherwise
   */
  public static DefaultIntentionPolicy parse(String value) {
    if (value != null) {
      switch (value.toLowerCase(Locale.ROOT)) {
        case "allow":
          return ALLOW;
        case "deny":
          return DENY;
        default:
          break;
      }
    }
    throw new InvalidConfigurationException("invalid default intention policy '" + value + "': must be 'allow' or 'deny'");
  }
}
