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
package io.nativemesh.server.internal.ca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.math.BigInteger;
import java.security.KeyPair;
import java.util.Base64;
import java.util.Random;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;
import org.junit.jupiter.api.Test;

/**
 * The PEM and colon-hex forms clients compare byte for byte, as Go's encoding/pem and Consul write
 * them.
 */
class PemAndColonHexTest {

  /** Go's encoding/pem: 64 characters per line, '\n' after every line, no blank line. */
  private static String goPem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  @Test
  void pemIsGoEncodingPemForEveryLength() {
    Random random = new Random(42);
    // 48 bytes make exactly one 64-character line: around multiples of it the last line is full or
    // short
    for (int n : new int[] {1, 2, 3, 47, 48, 49, 95, 96, 97, 500, 1000}) {
      byte[] der = new byte[n];
      random.nextBytes(der);
      assertEquals(goPem("CERTIFICATE", der), Pem.certificate(der), "length " + n);
    }
  }

  @Test
  void ecPrivateKeyIsSec1WithCurveAndPublicKey() throws Exception {
    KeyPair kp = X509Factory.newEcKeyPair();
    String pem = Pem.ecPrivateKey(kp);
    PemObject o = new PemReader(new StringReader(pem)).readPemObject();
    assertEquals("EC PRIVATE KEY", o.getType());
    assertEquals(goPem("EC PRIVATE KEY", o.getContent()), pem);
    ECPrivateKey sec1 = ECPrivateKey.getInstance(o.getContent());
    BigInteger s =
        ECPrivateKey.getInstance(
                PrivateKeyInfo.getInstance(kp.getPrivate().getEncoded()).parsePrivateKey())
            .getKey();
    assertEquals(s, sec1.getKey());
    assertTrue(
        sec1.getPublicKey() != null && sec1.getParametersObject() != null,
        "curve and public key included");
    assertTrue(pem.endsWith("-----\n") && !pem.contains("\r"), pem);
    assertTrue(pem.lines().allMatch(l -> l.length() <= 64), pem);
  }

  @Test
  void colonHexIsLowercaseAndSerialsDropTheSignByte() {
    assertEquals("", ColonHex.of(new byte[0]));
    assertEquals("0f", ColonHex.of(new byte[] {0x0f}));
    assertEquals("c7:bd:55", ColonHex.of(new byte[] {(byte) 0xc7, (byte) 0xbd, 0x55}));
    assertEquals("00:ff:a0", ColonHex.of(new byte[] {0, (byte) 0xff, (byte) 0xa0}));
    assertEquals("0f", ColonHex.serial(BigInteger.valueOf(15)));
    assertEquals("01:00", ColonHex.serial(BigInteger.valueOf(256)));
    assertEquals(
        "80", ColonHex.serial(BigInteger.valueOf(128)), "Go's big.Int.Bytes() has no sign byte");
    assertEquals(
        "ff:ff:ff:ff:ff:ff:ff:ff", ColonHex.serial(new BigInteger("ffffffffffffffff", 16)));
    assertEquals("00", ColonHex.serial(BigInteger.ZERO));
  }
}
