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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.nativemesh.core.TrustDomain;
import io.nativemesh.tls.internal.SvidVerifier;
import java.security.cert.X509Certificate;
import java.util.Date;
import org.junit.jupiter.api.Test;

/**
 * A leaf of the new root carries the cross-signed copy of that root (docs/consul-api.md, "Root
 * rotation and cross-signing"). It must validate against the old root alone (peers that have not
 * seen the rotation), both roots, and the new root alone (after the old root was pruned).
 */
class CrossSignedPathTest {

  private static TrustBundle trust(TestCa... roots) {
    return TrustBundle.of(
        TrustDomain.parse(TestCa.TD), java.util.Arrays.stream(roots).map(c -> c.root).toList());
  }

  @Test
  void leafWithCrossSignedIntermediateValidatesBeforeAndAfterThePrune() throws Exception {
    TestCa oldRoot = new TestCa("old-root");
    TestCa newRoot = new TestCa("new-root");
    X509Certificate[] chain = {
      newRoot.leaf(new TestCa.Leaf(TestCa.uri("web"))), newRoot.crossSignedBy(oldRoot)
    };
    Date now = new Date();
    SvidVerifier.validatePath(chain, trust(oldRoot), now, "stale peer");
    SvidVerifier.validatePath(chain, trust(oldRoot, newRoot), now, "during rotation");
    SvidVerifier.validatePath(chain, trust(newRoot), now, "after the prune");
  }

  @Test
  void sameSubjectWithAnotherKeyDoesNotEndThePath() throws Exception {
    TestCa oldRoot = new TestCa("old-root");
    TestCa newRoot = new TestCa("new-root");
    TestCa impostor = new TestCa("new-root"); // the trusted root's name, a different key
    X509Certificate[] chain = {
      impostor.leaf(new TestCa.Leaf(TestCa.uri("web"))), impostor.crossSignedBy(oldRoot)
    };
    var e =
        assertThrows(
            CertificateRejectedException.class,
            () -> SvidVerifier.validatePath(chain, trust(newRoot), new Date(), "impostor"));
    assertEquals(CertificateRejectedException.Reason.CHAIN_INVALID, e.reason());
  }
}
