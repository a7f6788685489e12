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
package io.nativemesh.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nativemesh.test.MeshTest;
import io.nativemesh.test.NativeMesh;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code -ca-file} / {@code CONSUL_CACERT}: the CLI talks HTTPS to an agent whose certificate a
 * private CA signed. The agent's HTTPS listener here is a real TLS listener on 127.0.0.1 (a server
 * certificate for IP 127.0.0.1 signed by a CA made for the test) that relays the decrypted bytes to
 * the companion server's HTTP port, as an agent's {@code ports.https} serves the same API.
 */
@MeshTest
class CaFileTest {

  private record Issued(KeyPair key, X509Certificate cert) {}

  private static Issued issue(String cn, Issued ca, boolean isCa) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(256);
    KeyPair kp = g.generateKeyPair();
    Instant now = Instant.now();
    X500Name subject = new X500Name("CN=" + cn);
    JcaX509v3CertificateBuilder b =
        new JcaX509v3CertificateBuilder(
            ca == null ? subject : new X500Name(ca.cert().getSubjectX500Principal().getName()),
            BigInteger.valueOf(now.toEpochMilli()),
            Date.from(now.minus(1, ChronoUnit.MINUTES)),
            Date.from(now.plus(1, ChronoUnit.HOURS)),
            subject,
            kp.getPublic());
    if (isCa) {
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      b.addExtension(
          Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    } else {
      b.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(new GeneralName(GeneralName.iPAddress, "127.0.0.1")));
    }
    X509Certificate cert =
        new JcaX509CertificateConverter()
            .getCertificate(
                b.build(
                    new JcaContentSignerBuilder("SHA256withECDSA")
                        .build(ca == null ? kp.getPrivate() : ca.key().getPrivate())));
    return new Issued(kp, cert);
  }

  private static String pem(X509Certificate c) throws Exception {
    return "-----BEGIN CERTIFICATE-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(c.getEncoded())
        + "\n-----END CERTIFICATE-----\n";
  }

  /** TLS on 127.0.0.1 with {@code server}'s certificate, relaying to {@code target}. */
  private static final class TlsRelay implements AutoCloseable {
    final SSLServerSocket socket;
    private final URI target;

    TlsRelay(Issued server, Issued ca, URI target) throws Exception {
      this.target = target;
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      char[] pw = "relay".toCharArray();
      ks.setKeyEntry(
          "server",
          server.key().getPrivate(),
          pw,
          new X509Certificate[] {server.cert(), ca.cert()});
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, pw);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(kmf.getKeyManagers(), null, null);
      socket =
          (SSLServerSocket)
              ctx.getServerSocketFactory()
                  .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
      Thread t = new Thread(this::accept, "tls-relay");
      t.setDaemon(true);
      t.start();
    }

    int port() {
      return socket.getLocalPort();
    }

    private void accept() {
      while (!socket.isClosed()) {
        try {
          Socket in = socket.accept();
          Socket out = new Socket(target.getHost(), target.getPort());
          pipe(in, out);
          pipe(out, in);
        } catch (IOException e) {
          // closed, or a client that failed its handshake
        }
      }
    }

    private static void pipe(Socket from, Socket to) {
      Thread t =
          new Thread(
              () -> {
                try (InputStream i = from.getInputStream();
                    OutputStream o = to.getOutputStream()) {
                  i.transferTo(o);
                } catch (IOException e) {
                  // one side closed
                } finally {
                  closeQuietly(from);
                  closeQuietly(to);
                }
              },
              "tls-relay-pipe");
      t.setDaemon(true);
      t.start();
    }

    private static void closeQuietly(Socket s) {
      try {
        s.close();
      } catch (IOException e) {
        // closing
      }
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  private static CliRun cli(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = NativeMeshCli.run(args, new PrintWriter(out), new PrintWriter(err), env);
    return new CliRun(status, out.toString(), err.toString());
  }

  @Test
  void caFileVerifiesTheAgentsHttpsCertificate(NativeMesh mesh, @TempDir Path dir)
      throws Exception {
    Issued ca = issue("agent test CA", null, true);
    Issued server = issue("agent", ca, false);
    Issued otherCa = issue("some other CA", null, true);
    Path caFile = Files.writeString(dir.resolve("ca.pem"), pem(ca.cert()));
    Path otherFile = Files.writeString(dir.resolve("other.pem"), pem(otherCa.cert()));
    Path notPem = Files.writeString(dir.resolve("empty.pem"), "no certificate here\n");
    try (TlsRelay relay = new TlsRelay(server, ca, URI.create(mesh.serverAddress()))) {
      String https = "https://127.0.0.1:" + relay.port();
      Map<String, String> env = Map.of("CONSUL_HTTP_TOKEN", mesh.managementToken());

      // the CA file trusts the agent: the command runs over HTTPS and reads the roots
      CliRun ok = cli(env, "-http-addr", https, "-ca-file", caFile.toString(), "ca", "roots");
      assertEquals(0, ok.status(), ok.out() + ok.err());
      assertTrue(ok.out().contains("active"), ok.out());

      // CONSUL_CACERT does the same, with CONSUL_HTTP_SSL making a bare host:port HTTPS
      Map<String, String> viaEnv = new HashMap<>(env);
      viaEnv.put("CONSUL_HTTP_ADDR", "127.0.0.1:" + relay.port());
      viaEnv.put("CONSUL_HTTP_SSL", "true");
      viaEnv.put("CONSUL_CACERT", caFile.toString());
      CliRun fromEnv = cli(viaEnv, "-format=json", "ca", "roots");
      assertEquals(0, fromEnv.status(), fromEnv.out() + fromEnv.err());
      assertEquals("pass", fromEnv.status("root "));

      // without it, or with a CA that did not sign the agent's certificate: the command cannot
      // run (exit 2), it never falls back to plaintext or to trusting the certificate
      for (List<String> args :
          List.of(
              List.of("-http-addr", https, "ca", "roots"),
              List.of("-http-addr", https, "-ca-file", otherFile.toString(), "ca", "roots"))) {
        CliRun refused = cli(env, args.toArray(String[]::new));
        assertEquals(2, refused.status(), args + ": " + refused.out() + refused.err());
        assertTrue(
            refused.err().contains("certif") || refused.err().contains("PKIX"),
            args + ": " + refused.err());
      }

      // a CA file without a certificate is named in the error
      CliRun bad = cli(env, "-http-addr", https, "-ca-file", notPem.toString(), "ca", "roots");
      assertEquals(2, bad.status(), bad.out() + bad.err());
      assertTrue(bad.err().contains(notPem.toString()), bad.err());
    }
  }
}
