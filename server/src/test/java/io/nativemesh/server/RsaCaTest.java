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
package io.nativemesh.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.nativemesh.core.model.CaRoot;
import io.nativemesh.core.model.CaRoots;
import io.nativemesh.core.model.IssuedCert;
import io.nativemesh.server.internal.ca.ColonHex;
import io.nativemesh.server.internal.ca.Pem;
import io.nativemesh.server.internal.ca.X509Factory;
import io.nativemesh.server.internal.http.ConsulJson;
import java.io.StringReader;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.junit.jupiter.api.Test;

/**
 * CA configuration with RSA keys (Consul API: {@code PrivateKeyType} {@code rsa}, {@code
 * PrivateKeyBits} 2048/4096): generated RSA roots, RSA leaves with PKCS#1 PEM keys, EC→RSA and
 * RSA→EC rotations cross-signed by the outgoing key, and operator-supplied RSA keys.
 */
class RsaCaTest {

  private static <T> T read(String body, Class<T> type) throws Exception {
    return ConsulJson.mapper().readValue(body, type);
  }

  private static CaRoot active(TestServer s) throws Exception {
    return read(s.get("/v1/connect/ca/roots").body(), CaRoots.class).roots().stream()
        .filter(CaRoot::active)
        .findFirst()
        .orElseThrow();
  }

  private static void put(TestServer s, String config) {
    var r =
        s.put(
            "/v1/connect/ca/configuration", "{\"Provider\":\"consul\",\"Config\":" + config + "}");
    assertEquals(200, r.statusCode(), r.body());
  }

  @Test
  void rotationEcToRsaAndBackCrossSignsAndIssuesLeavesOfTheConfiguredType() throws Exception {
    try (TestServer s = TestServer.dev()) {
      CaRoot ecRoot = active(s);
      assertEquals("ec", ecRoot.privateKeyType());
      X509Certificate ecCert = CaRotationTest.parseAll(ecRoot.rootCert()).get(0);

      put(s, "{\"PrivateKeyType\":\"rsa\",\"PrivateKeyBits\":2048}");
      JsonNode cfg = TestServer.json(s.get("/v1/connect/ca/configuration")).get("Config");
      assertEquals("rsa", cfg.get("PrivateKeyType").asText());
      assertEquals(2048, cfg.get("PrivateKeyBits").asInt());
      CaRoot rsaRoot = active(s);
      assertEquals("rsa", rsaRoot.privateKeyType());
      assertEquals(2048, rsaRoot.privateKeyBits());
      X509Certificate rsaCert = CaRotationTest.parseAll(rsaRoot.rootCert()).get(0);
      assertEquals("SHA256withRSA", rsaCert.getSigAlgName());
      assertEquals(2048, ((RSAPublicKey) rsaCert.getPublicKey()).getModulus().bitLength());
      // the cross-signed certificate: the RSA root's key, signed by the outgoing EC key
      X509Certificate cross = CaRotationTest.parseAll(rsaRoot.intermediateCerts().get(0)).get(0);
      assertEquals(rsaCert.getPublicKey(), cross.getPublicKey());
      assertEquals("SHA256withECDSA", cross.getSigAlgName());
      cross.verify(ecCert.getPublicKey());

      IssuedCert leaf = read(s.get("/v1/agent/connect/ca/leaf/web").body(), IssuedCert.class);
      assertTrue(leaf.privateKeyPem().startsWith("-----BEGIN RSA PRIVATE KEY-----\n"));
      List<X509Certificate> chain = CaRotationTest.parseAll(leaf.certPem());
      X509Certificate leafCert = chain.get(0);
      assertEquals("SHA256withRSA", leafCert.getSigAlgName());
      assertEquals(2048, ((RSAPublicKey) leafCert.getPublicKey()).getModulus().bitLength());
      // the PKCS#1 key belongs to the leaf's public key
      try (PEMParser p = new PEMParser(new StringReader(leaf.privateKeyPem()))) {
        PEMKeyPair kp = (PEMKeyPair) p.readObject();
        assertEquals(
            ColonHex.of(X509Factory.keyId(leafCert.getPublicKey())),
            ColonHex.of(
                MessageDigest.getInstance("SHA-1")
                    .digest(kp.getPublicKeyInfo().getPublicKeyData().getBytes())));
      }
      CaRotationTest.buildPath(chain, rsaCert);
      CaRotationTest.buildPath(chain, ecCert);

      // back to EC: cross-signed with the RSA key (SHA256withRSA), EC leaves again
      put(s, "{\"PrivateKeyType\":\"ec\"}");
      CaRoot ecAgain = active(s);
      assertEquals("ec", ecAgain.privateKeyType());
      assertEquals(256, ecAgain.privateKeyBits());
      X509Certificate ecAgainCert = CaRotationTest.parseAll(ecAgain.rootCert()).get(0);
      X509Certificate back = CaRotationTest.parseAll(ecAgain.intermediateCerts().get(0)).get(0);
      assertEquals("SHA256withRSA", back.getSigAlgName());
      back.verify(rsaCert.getPublicKey());
      IssuedCert ecLeaf = read(s.get("/v1/agent/connect/ca/leaf/web").body(), IssuedCert.class);
      assertTrue(ecLeaf.privateKeyPem().startsWith("-----BEGIN EC PRIVATE KEY-----\n"));
      List<X509Certificate> ecChain = CaRotationTest.parseAll(ecLeaf.certPem());
      assertTrue(ecChain.get(0).getPublicKey() instanceof ECPublicKey);
      CaRotationTest.buildPath(ecChain, ecAgainCert);
      CaRotationTest.buildPath(ecChain, rsaCert);
    }
  }

  @Test
  void rsa4096LeavesAndOperatorSuppliedRsaRootKey() throws Exception {
    try (TestServer s = TestServer.dev()) {
      KeyPair kp = X509Factory.newKeyPair("rsa", 2048);
      String pem = Pem.privateKey(kp); // PKCS#1, as openssl genrsa (1.x) and Go write it
      put(
          s,
          "{\"PrivateKeyType\":\"rsa\",\"PrivateKeyBits\":4096,\"PrivateKey\":"
              + ConsulJson.mapper().writeValueAsString(pem)
              + "}");
      CaRoot root = active(s);
      assertEquals(ColonHex.of(X509Factory.keyId(kp.getPublic())), root.signingKeyId());
      assertEquals("rsa", root.privateKeyType());
      assertEquals(2048, root.privateKeyBits(), "the root reports its actual key");
      IssuedCert leaf = read(s.get("/v1/agent/connect/ca/leaf/api").body(), IssuedCert.class);
      List<X509Certificate> chain = CaRotationTest.parseAll(leaf.certPem());
      assertEquals(4096, ((RSAPublicKey) chain.get(0).getPublicKey()).getModulus().bitLength());
      CaRotationTest.buildPath(chain, CaRotationTest.parseAll(root.rootCert()).get(0));

      // a PKCS#8 RSA key of an unsupported size is refused with the reason
      String pkcs8 =
          "-----BEGIN PRIVATE KEY-----\n"
              + Base64.getMimeEncoder(64, new byte[] {'\n'})
                  .encodeToString(smallKey(1024).getPrivate().getEncoded())
              + "\n-----END PRIVATE KEY-----\n";
      var r =
          s.put(
              "/v1/connect/ca/configuration",
              "{\"Provider\":\"consul\",\"Config\":{\"PrivateKey\":"
                  + ConsulJson.mapper().writeValueAsString(pkcs8)
                  + "}}");
      assertEquals(400, r.statusCode(), r.body());
      assertTrue(r.body().contains("RSA 2048/4096"), r.body());
    }
  }

  private static KeyPair smallKey(int bits) throws Exception {
    var g = KeyPairGenerator.getInstance("RSA");
    g.initialize(bits);
    return g.generateKeyPair();
  }
}
