package io.nativemesh.tls;

import io.nativemesh.core.ServiceIdentity;
import io.nativemesh.core.intention.IntentionDecision;

/**
 * Authorizes a client connection in the handshake when local intentions cannot be used, e.g. because
 * our token may not read them ({@code io.nativemesh.tls.source.AgentAuthorizer} asks the agent). A
 * {@link MeshState} that carries one is authorized by it instead of its intentions.
 *
 * <p>Implementations are called on handshake threads: they must be thread-safe, bound how long they
 * wait, and fail closed (deny) when they cannot decide.
 */
@FunctionalInterface
public interface ConnectionAuthorizer {
  /**
   * @param peer the client's identity (already verified against the roots)
   * @param serialHex the client certificate's serial in Consul's colon-hex form
   * @return the decision with its reason; L7 intentions deny at this level
   */
  IntentionDecision authorize(ServiceIdentity peer, String serialHex);
}
