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
package io.nativemesh.discovery;

import io.nativemesh.consul.ConsulClient;
import io.nativemesh.consul.QueryOptions;
import io.nativemesh.consul.QueryResult;
import io.nativemesh.core.ServiceIdentity;
import io.nativemesh.core.intention.IntentionDecision;
import io.nativemesh.core.intention.IntentionMatcher;
import io.nativemesh.core.model.Intention;
import io.nativemesh.tls.CertificateRejectedException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLException;

/**
 * Explains a failed mesh connection. When our trust manager refused the peer, the reason is in the
 * exception chain. When the peer refused us with a TLS alert (alerts carry no text), this evaluates
 * the destination's intentions for our identity the way the peer does, from {@code
 * /v1/connect/intentions/match?by=destination} — after the failure, never inside a handshake.
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public final class RefusalDiagnostics {
  private final ConsulClient client;

  /**
   * @param client the Consul client used to read intentions
   */
  public RefusalDiagnostics(ConsulClient client) {
    this.client = client;
  }

  /**
   * @param e a failure of a mesh connection
   * @return our trust manager's rejection, if that is what failed
   */
  public static Optional<CertificateRejectedException> ourRejection(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof CertificateRejectedException c) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  /**
   * @param e a failure of a mesh connection
   * @return true if it looks like the peer aborted the handshake with a TLS alert
   */
  public static boolean peerAlert(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = t.getMessage();
      if (t instanceof SSLException && m != null && (m.contains("alert") || m.contains("ALERT"))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Evaluates the destination's intentions for {@code self}.
   *
   * @param self our identity
   * @param destination the upstream service
   * @return the decision the peer presumably made, or empty if intentions could not be read
   */
  public Optional<IntentionDecision> expectedDecision(ServiceIdentity self, String destination) {
    try {
      QueryResult<Map<String, List<Intention>>> r =
          ConsulClient.join(client.intentions().matchDestination(destination, QueryOptions.NONE));
      List<Intention> list =
          r.value() == null ? List.of() : r.value().getOrDefault(destination, List.of());
      String policy = r.meta().defaultAclPolicy();
      boolean defaultAllow = policy != null && policy.equalsIgnoreCase("allow");
      return Optional.of(new IntentionMatcher(destination, list, defaultAllow).decide(self, false));
    } catch (RuntimeException ex) {
      return Optional.empty();
    }
  }

  /**
   * Builds the exception to surface for a failed connection. A failure that is neither our own
   * rejection nor a TLS alert is still checked against the destination's intentions, because a peer
   * that refuses us after a TLS 1.3 handshake may just close the connection.
   *
   * @param self our identity, or null if not known
   * @param endpoint the instance dialled
   * @param e the failure
   * @return an explained exception, or empty if the failure was not a TLS refusal
   */
  public Optional<MeshConnectException> explain(
      ServiceIdentity self, Endpoint endpoint, Throwable e) {
    Optional<CertificateRejectedException> ours = ourRejection(e);
    if (ours.isPresent()) {
      return Optional.of(
          new MeshConnectException(
              endpoint.service(),
              false,
              "refused the certificate of " + endpoint + ": " + ours.get().getMessage(),
              e));
    }
    if (e instanceof ConnectException || e instanceof NoRouteToHostException) {
      return Optional.empty(); // nothing listens there: not a TLS refusal
    }
    // TLS 1.3: the client may finish its side of the handshake before the server rejects its
    // certificate, so the refusal shows up as an alert or a closed stream on the first read.
    Optional<IntentionDecision> expected =
        self == null ? Optional.empty() : expectedDecision(self, endpoint.service());
    if (expected.isPresent() && !expected.get().allowed()) {
      return Optional.of(
          new MeshConnectException(
              endpoint.service(),
              true,
              endpoint.service()
                  + " ("
                  + endpoint
                  + ") refused the mesh connection from "
                  + self.service()
                  + ": "
                  + expected.get().reason()
                  + " [TLS: "
                  + e.getMessage()
                  + "]",
              e));
    }
    if (!peerAlert(e)) {
      return Optional.empty();
    }
    String why =
        expected
            .map(
                d ->
                    "; intentions allow "
                        + self.service()
                        + " => "
                        + endpoint.service()
                        + " ("
                        + d.reason()
                        + "), so check the peer's CA roots and our certificate")
            .orElse("; intentions could not be read");
    return Optional.of(
        new MeshConnectException(
            endpoint.service(),
            false,
            endpoint.service()
                + " ("
                + endpoint
                + ") aborted the TLS handshake"
                + why
                + " [TLS: "
                + e.getMessage()
                + "]",
            e));
  }
}
