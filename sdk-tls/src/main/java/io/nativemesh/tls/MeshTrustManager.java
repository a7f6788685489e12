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

import io.nativemesh.core.InvalidSpiffeIdException;
import io.nativemesh.core.ServiceIdentity;
import io.nativemesh.core.SpiffeId;
import io.nativemesh.core.intention.IntentionDecision;
import io.nativemesh.tls.CertificateRejectedException.Reason;
import io.nativemesh.tls.internal.DenialLog;
import io.nativemesh.tls.internal.SvidVerifier;
import java.net.Socket;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedTrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies mesh peers in every handshake, on both sides, from the in-memory {@link MeshState}: PKIX
 * path validation against the union of all trusted roots (intermediates from the presented chain),
 * the strict X.509-SVID profile, extended key usage by direction, and no host name check.
 *
 * <ul>
 *   <li>Server side ({@code checkClientTrusted}): the client's SPIFFE ID is authorized against the
 *       intentions where this service is the destination, in memory (never an HTTP call in a
 *       handshake). A denial is logged once per peer and reason.
 *   <li>Client side ({@code checkServerTrusted}): the server must be the service that was dialled,
 *       read from the engine's peer host ({@link MeshHostnames}); a connection whose peer host is
 *       not a mesh name is refused (fail closed).
 * </ul>
 *
 * {@link #getAcceptedIssuers()} is empty (Netty's OpenSSL server context would freeze it).
 *
 * <p>Thread-safe and lock-free.
 *
 * @since 0.1.0
 */
public final class MeshTrustManager extends X509ExtendedTrustManager {
  private static final Logger log = LoggerFactory.getLogger(MeshTrustManager.class);
  private static final X509Certificate[] NONE = new X509Certificate[0];

  private final MeshStateStore store;
  private final TlsPolicy policy;
  private final DenialLog denials = new DenialLog(4096);
  private final boolean mayWait;

  /**
   * @param store the state to read
   * @param policy verification policy
   */
  public MeshTrustManager(MeshStateStore store, TlsPolicy policy) {
    this(store, policy, true);
  }

  private MeshTrustManager(MeshStateStore store, TlsPolicy policy, boolean mayWait) {
    this.store = store;
    this.policy = policy;
    this.mayWait = mayWait;
  }

  /**
   * A trust manager over the same state and policy for handshakes on threads that must never wait
   * (event loops): when connections are authorized by a {@link ConnectionAuthorizer} (the agent
   * fallback for a token that may not read intentions) it decides with {@link
   * ConnectionAuthorizer#authorizeWithoutWaiting}, denying at once what is not decided yet. With
   * intentions in memory it behaves as this one.
   *
   * @return a new trust manager; thread-safe
   */
  public MeshTrustManager withoutWaiting() {
    return new MeshTrustManager(store, policy, false);
  }

  /**
   * The SPIFFE identity of the peer of an established mesh TLS session (the trust manager verified
   * it during the handshake; this only reads it back).
   *
   * @param session a handshaken session
   * @return the peer's service identity
   * @throws SSLPeerUnverifiedException if the peer presented no X.509 certificate or its leaf does
   *     not carry exactly one URI SAN
   * @throws InvalidSpiffeIdException if that URI is not a SPIFFE service ID
   */
  public static ServiceIdentity peerIdentity(SSLSession session) throws SSLPeerUnverifiedException {
    Certificate[] certs = session.getPeerCertificates();
    if (certs.length == 0 || !(certs[0] instanceof X509Certificate leaf)) {
      throw new SSLPeerUnverifiedException("peer presented no X.509 certificate");
    }
    List<String> uris = CertificateInfo.uriSans(leaf);
    if (uris.size() != 1) {
      throw new SSLPeerUnverifiedException("peer certificate has URI SANs " + uris);
    }
    return SpiffeId.parse(uris.get(0)).asService();
  }

  private IntentionDecision authorizeByAgent(
      ConnectionAuthorizer a, ServiceIdentity client, X509Certificate leaf) {
    String serial = CertificateInfo.colonHex(leaf.getSerialNumber());
    return mayWait ? a.authorize(client, serial) : a.authorizeWithoutWaiting(client, serial);
  }

  private MeshState state() throws CertificateRejectedException {
    MeshState s = store.current();
    if (s == null) {
      throw new CertificateRejectedException(
          Reason.NOT_READY, "this service has no leaf certificate and roots yet");
    }
    return s;
  }

  /**
   * Server-side verification and authorization of a client chain.
   *
   * @param chain the client's chain
   * @return the authorized client identity
   * @throws CertificateRejectedException if the chain is invalid or an intention denies the client
   */
  public ServiceIdentity verifyClient(X509Certificate[] chain) throws CertificateRejectedException {
    MeshState s = state();
    ServiceIdentity client;
    try {
      client =
          SvidVerifier.verify(
              chain,
              s.trust(),
              SvidVerifier.EKU_CLIENT_AUTH,
              policy.strictTrustDomain() ? s.identity().spiffeId().trustDomain() : null,
              Date.from(policy.clock().instant()));
    } catch (CertificateRejectedException e) {
      policy.metrics().peerVerification("server", e.reason().name());
      denials.remember(
          new Denial(policy.clock().instant(), Denial.HANDSHAKE, "unknown", e.getMessage()));
      if (denials.firstTime("cert|" + e.getMessage())) {
        log.warn("refused client of {}: {}", s.identity().service(), e.getMessage());
      }
      throw e;
    }
    policy.metrics().peerVerification("server", "ok");
    IntentionDecision d =
        s.agentAuthorizer() != null
            ? authorizeByAgent(s.agentAuthorizer(), client, chain[0])
            : s.intentions().decide(client, policy.l7EnforcedPerRequest());
    policy
        .metrics()
        .authorization(d.allowed(), d.byDefaultPolicy() ? "default-policy" : "intention");
    if (!d.allowed()) {
      denials.remember(
          new Denial(
              policy.clock().instant(),
              Denial.HANDSHAKE,
              client.spiffeId().toString(),
              d.reason()));
      if (denials.firstTime(client + "|" + d.reason())) {
        log.warn("denied {} => {}: {}", client, s.identity().service(), d.reason());
      }
      throw new CertificateRejectedException(
          Reason.DENIED_BY_INTENTION,
          client + " => " + s.identity().service() + " denied: " + d.reason());
    }
    return client;
  }

  /**
   * Client-side verification of a server chain.
   *
   * @param chain the server's chain
   * @param peerHost the name the connection was opened with
   * @return the server's identity
   * @throws CertificateRejectedException if the chain is invalid or the server is not the dialled
   *     service
   */
  public ServiceIdentity verifyServer(X509Certificate[] chain, String peerHost)
      throws CertificateRejectedException {
    MeshState s = state();
    Optional<MeshHostnames> expected = MeshHostnames.parse(peerHost);
    if (expected.isEmpty()) {
      policy.metrics().peerVerification("client", Reason.WRONG_SERVICE.name());
      throw new CertificateRejectedException(
          Reason.WRONG_SERVICE,
          "cannot tell which service was dialled from peer host '"
              + peerHost
              + "'; dial mesh peers through MeshService (host <service>.service[.<dc>].consul)");
    }
    ServiceIdentity server;
    try {
      server =
          SvidVerifier.verify(
              chain,
              s.trust(),
              SvidVerifier.EKU_SERVER_AUTH,
              policy.strictTrustDomain() ? s.identity().spiffeId().trustDomain() : null,
              Date.from(policy.clock().instant()));
    } catch (CertificateRejectedException ex) {
      policy.metrics().peerVerification("client", ex.reason().name());
      throw ex;
    }
    MeshHostnames e = expected.get();
    boolean ok =
        server.service().equalsIgnoreCase(e.service())
            && "default".equalsIgnoreCase(server.namespace())
            && (e.datacenter() == null || server.datacenter().equalsIgnoreCase(e.datacenter()));
    policy.metrics().peerVerification("client", ok ? "ok" : Reason.WRONG_SERVICE.name());
    if (!ok) {
      throw new CertificateRejectedException(
          Reason.WRONG_SERVICE,
          "peer certificate mismatch: dialled service '"
              + e.service()
              + "'"
              + (e.datacenter() == null ? "" : " in " + e.datacenter())
              + ", server presented "
              + server);
    }
    return server;
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    verifyClient(chain);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    verifyClient(chain);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    verifyClient(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    String host = null;
    if (socket instanceof SSLSocket ssl) {
      SSLSession hs = ssl.getHandshakeSession();
      host = hs == null ? null : hs.getPeerHost();
    }
    verifyServer(chain, host);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    verifyServer(chain, engine == null ? null : engine.getPeerHost());
  }

  /** Always refuses: without a socket or engine the dialled service is unknown (fail closed). */
  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    verifyServer(chain, null);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return NONE;
  }

  /**
   * @return the last {@value io.nativemesh.tls.internal.DenialLog#RECENT} callers refused in the
   *     handshake (certificate rejected or no intention), newest first; a copy
   */
  public List<Denial> recentDenials() {
    return denials.recent();
  }
}
