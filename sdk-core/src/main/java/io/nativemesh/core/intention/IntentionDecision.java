package io.nativemesh.core.intention;

import io.nativemesh.core.model.Intention;

/**
 * The outcome of evaluating intentions for one source and destination.
 *
 * @param allowed whether the source may connect
 * @param reason human-readable: which intention decided, or that the default policy did; suitable
 *     for logs and TLS alert messages
 * @param intention the deciding intention, or null when the default policy decided
 */
public record IntentionDecision(boolean allowed, String reason, Intention intention) {

  /** @return true if no intention matched and the default policy decided */
  public boolean byDefaultPolicy() {
    return intention == null;
  }
}
