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
package io.nativemesh.cli.internal;

import io.nativemesh.cli.internal.ChainFacts.ServedRoot;
import io.nativemesh.cli.internal.Report.Status;
import io.nativemesh.consul.ConsulClient;
import io.nativemesh.core.MeshException;
import io.nativemesh.tls.PemDecoder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code nativemesh cert inspect TARGET}: the certificates of a PEM file, or the chain a mesh
 * instance presents at {@code host:port} (by a handshake presenting no certificate), with SPIFFE
 * IDs, serials, validity and — when the agent answers — which served root signed the leaf.
 */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    description = "Show a PEM file's certificates, or the chain an instance at host:port presents.")
public final class CertInspect extends MeshCommand {
  @Parameters(index = "0", paramLabel = "TARGET", description = "a PEM file, or host:port")
  String target;

  @Override
  protected String title() {
    return "cert inspect " + target;
  }

  @Override
  protected void run(ConsulClient c, Report r) throws IOException {
    Instant now = Instant.now();
    List<X509Certificate> chain;
    Path file = Path.of(target);
    if (Files.isRegularFile(file)) {
      chain = PemDecoder.certificates(Files.readString(file, StandardCharsets.US_ASCII));
    } else {
      int colon = target.lastIndexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException("'" + target + "' is neither a file nor host:port");
      }
      int port;
      try {
        port = Integer.parseInt(target.substring(colon + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + target + "' is neither a file nor host:port");
      }
      String host = target.substring(0, colon).replace("[", "").replace("]", "");
      TlsProbe.Result res =
          TlsProbe.probe(new InetSocketAddress(host, port), null, options.probeWait());
      if (res.presented().isEmpty()) {
        r.add(
            "handshake",
            Status.FAIL,
            "no certificate from "
                + target
                + ": "
                + (res.connectError() != null ? res.connectError() : res.refusal()));
        return;
      }
      chain = res.presented();
    }
    for (int i = 0; i < chain.size(); i++) {
      X509Certificate cert = chain.get(i);
      boolean expired = cert.getNotAfter().toInstant().isBefore(now);
      r.add(
              "certificate " + (i + 1),
              expired ? Status.FAIL : Status.INFO,
              (cert.getBasicConstraints() >= 0 ? "CA certificate" : "leaf certificate")
                  + (expired ? ", EXPIRED" : ""))
          .putAll(ChainFacts.describe(cert, now));
    }
    List<ServedRoot> served;
    try {
      served = ChainFacts.parse(roots(c));
    } catch (MeshException e) {
      r.add("roots", Status.INFO, "not compared with the mesh's roots: " + e.getMessage());
      return;
    }
    ServedRoot signer = ChainFacts.signer(chain, served);
    if (signer == null) {
      r.add(
          "roots",
          Status.FAIL,
          "the first certificate does not chain to any root the agent serves");
    } else {
      r.add(
          "roots",
          signer.root().active() ? Status.PASS : Status.WARN,
          "signed by the "
              + (signer.root().active() ? "active" : "previous")
              + " root "
              + signer.root().id());
    }
  }
}
