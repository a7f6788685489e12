package io.nativemesh.discovery.internal;

import io.nativemesh.core.SpiffeId;
import io.nativemesh.tls.CertificateInfo;
import io.nativemesh.tls.MeshHostnames;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * SPIFFE-aware replacement of host name verification: the peer's URI SAN must be a service identity
 * whose service is the one named by the mesh host name. (The trust manager already enforced this in
 * the handshake; OkHttp calls this again after it, for pooled connections too.) Thread-safe.
 */
public final class MeshHostnameVerifier implements HostnameVerifier {
  @Override
  public boolean verify(String hostname, SSLSession session) {
    MeshHostnames expected = MeshHostnames.parse(hostname).orElse(null);
    if (expected == null) {
      return false;
    }
    try {
      Certificate[] peer = session.getPeerCertificates();
      if (peer.length == 0 || !(peer[0] instanceof X509Certificate leaf)) {
        return false;
      }
      List<String> uris = CertificateInfo.uriSans(leaf);
      if (uris.size() != 1) {
        return false;
      }
      var id = SpiffeId.parse(uris.get(0)).asService();
      return id.service().equalsIgnoreCase(expected.service())
          && (expected.datacenter() == null || id.datacenter().equalsIgnoreCase(expected.datacenter()));
    } catch (SSLPeerUnverifiedException | RuntimeException e) {
      return false;
    }
  }
}
