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
package io.nativemesh.tls;

import io.nativemesh.core.ServiceIdentity;
import io.nativemesh.core.intention.HttpRequestAttributes;
import io.nativemesh.core.intention.IntentionDecision;
import io.nativemesh.tls.internal.DenialLog;
import io.nativemesh.tls.metrics.MeshMetrics;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-request authorization for HTTP integrations: evaluates the current intentions (including L7
 * {@code Permissions}: path, methods, headers) for the peer's SPIFFE ID on every request, so that
 * long-lived and resumed connections see intention changes at once. Unmatched requests fall to the
 * default policy. Denials are logged once per peer and reason.
 *
 * <p>Thread-safe and lock-free (reads the current {@link MeshState}).
 *
 * @since 0.1.0
 */
public final class RequestAuthorizer {
  private static final Logger log = LoggerFactory.getLogger(RequestAuthorizer.class);
  private final MeshStateStore store;
  private final MeshMetrics metrics;
  private final DenialLog denials = new DenialLog(4096);

  /**
   * @param store the mesh state
   */
  public RequestAuthorizer(MeshStateStore store) {
    this(store, MeshMetrics.NOOP);
  }

  /**
   * @param store the mesh state
   * @param metrics where decisions are counted
   */
  public RequestAuthorizer(MeshStateStore store, MeshMetrics metrics) {
    this.store = store;
    this.metrics = metrics;
  }

  /**
   * @param peer the caller's identity (from the TLS session)
   * @param request method, path and headers
   * @return the decision; denied with reason "not ready" before the first state (fail closed)
   */
  public IntentionDecision authorize(ServiceIdentity peer, HttpRequestAttributes request) {
    MeshState s = store.current();
    if (s == null) {
      metrics.authorization(false, "not-ready");
      return new IntentionDecision(false, "mesh identity not ready; refusing " + peer, null);
    }
    if (s.agentAuthorizer() != null) {
      // the agent answers at connection level only (L7 intentions deny there); the handshake
      // already asked it
      IntentionDecision d =
          new IntentionDecision(true, "authorized by the agent at connection level", null);
      metrics.authorization(true, "agent");
      return d;
    }
    IntentionDecision d = s.intentions().decideRequest(peer, request);
    metrics.authorization(d.allowed(), d.byDefaultPolicy() ? "default-policy" : "intention");
    if (!d.allowed()) {
      denials.remember(
          new Denial(
              Instant.now(),
              Denial.REQUEST,
              peer.spiffeId().toString(),
              request.method() + " " + request.path() + ": " + d.reason()));
    }
    if (!d.allowed() && denials.firstTime(peer + "|" + d.reason())) {
      log.warn(
          "denied request {} {} from {}: {}", request.method(), request.path(), peer, d.reason());
    }
    return d;
  }

  /**
   * @return the last {@value io.nativemesh.tls.internal.DenialLog#RECENT} requests refused by L7
   *     intentions, newest first; a copy
   */
  public List<Denial> recentDenials() {
    return denials.recent();
  }
}
