package io.nativemesh.tls;

import io.nativemesh.core.SpiffeId;
import io.nativemesh.core.TrustDomain;
import io.nativemesh.core.intention.IntentionMatcher;
import io.nativemesh.core.model.Intention;
import java.security.cert.X509Certificate;
import java.util.List;

/** Builds mesh states for tests (shared with sdk-netty through the test jar). */
public final class Fixtures {
  private Fixtures() {}

  public static Intention intention(String src, String dst, String action) {
    return new Intention(null, null, "default", src, "default", dst, "consul", action, null, null, 0, null, null, 0, 0);
  }

  public static MeshState state(long gen, TestCa ca, String service, List<Intention> intentions, boolean defaultAllow) throws Exception {
    TestCa.Leaf o = new TestCa.Leaf(TestCa.uri(service));
    X509Certificate leaf = ca.leaf(o);
    return new MeshState(gen, SpiffeId.parse(TestCa.uri(service)).asService(), new X509Certificate[] {leaf},
        o.key.getPrivate(), TrustBundle.of(TrustDomain.parse(TestCa.TD), List.of(ca.root)),
        new IntentionMatcher(service, intentions, defaultAllow));
  }
}
