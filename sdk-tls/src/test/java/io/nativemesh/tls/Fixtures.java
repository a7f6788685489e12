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
    return new Intention(
        null, null, "default", src, "default", dst, "consul", action, null, null, 0, null, null, 0,
        0);
  }

  public static MeshState state(
      long gen, TestCa ca, String service, List<Intention> intentions, boolean defaultAllow)
      throws Exception {
    TestCa.Leaf o = new TestCa.Leaf(TestCa.uri(service));
    X509Certificate leaf = ca.leaf(o);
    return new MeshState(
        gen,
        SpiffeId.parse(TestCa.uri(service)).asService(),
        new X509Certificate[] {leaf},
        o.key.getPrivate(),
        TrustBundle.of(TrustDomain.parse(TestCa.TD), List.of(ca.root)),
        new IntentionMatcher(service, intentions, defaultAllow));
  }
}
