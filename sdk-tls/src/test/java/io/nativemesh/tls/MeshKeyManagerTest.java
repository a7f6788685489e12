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
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Versioned aliases: the previous generation stays resolvable, older ones are gone. */
class MeshKeyManagerTest {
  @Test
  void aliasesAreVersionedAndThePreviousGenerationStaysResolvable() throws Exception {
    TestCa ca = new TestCa("root");
    MeshStateStore store = new MeshStateStore();
    MeshKeyManager km = new MeshKeyManager(store);
    assertNull(km.chooseEngineServerAlias("EC", null, null));
    MeshState g1 = Fixtures.state(1, ca, "web", List.of(), true);
    store.publish(g1);
    String a1 = km.chooseEngineServerAlias("EC", null, null);
    assertEquals("mesh-1", a1);
    assertNull(km.chooseEngineServerAlias("RSA", null, null));
    assertSame(g1.chain(), km.getCertificateChain(a1));
    assertSame(km.getCertificateChain(a1), km.getCertificateChain(a1));
    MeshState g2 = Fixtures.state(2, ca, "web", List.of(), true);
    store.publish(g2);
    // a handshake that chose mesh-1 before the rotation still gets generation 1's matching pair
    assertSame(g1.privateKey(), km.getPrivateKey(a1));
    assertSame(g1.chain(), km.getCertificateChain(a1));
    assertEquals("mesh-2", km.chooseEngineClientAlias(new String[] {"RSA", "EC"}, null, null));
    store.publish(g2.withTrust(g2.trust())); // same generation: mesh-1 still resolvable
    assertSame(g1.privateKey(), km.getPrivateKey(a1));
    store.publish(Fixtures.state(3, ca, "web", List.of(), true));
    assertNull(km.getPrivateKey(a1));
    assertNull(km.getCertificateChain(a1));
    assertSame(g2.privateKey(), km.getPrivateKey("mesh-2"));
    assertNull(km.getPrivateKey("other"));
  }
}
