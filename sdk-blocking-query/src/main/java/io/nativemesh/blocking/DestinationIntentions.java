package io.nativemesh.blocking;

import io.nativemesh.core.model.Intention;
import java.util.List;

/**
 * The intentions that apply to one destination, with the default decision the server reported.
 *
 * @param destination destination service name
 * @param intentions the intentions in the server's evaluation order
 * @param defaultAllow {@code X-Consul-Default-ACL-Policy == allow}; null if the header was absent
 */
public record DestinationIntentions(String destination, List<Intention> intentions, Boolean defaultAllow) {
  /** Copies the list. */
  public DestinationIntentions {
    intentions = List.copyOf(intentions);
  }
}
