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
import io.nativemesh.consul.ConsulApiException;
import io.nativemesh.consul.ConsulClient;
import io.nativemesh.consul.QueryOptions;
import io.nativemesh.core.ServiceIdentity;
import io.nativemesh.core.SpiffeId;
import io.nativemesh.core.intention.IntentionDecision;
import io.nativemesh.core.intention.IntentionMatcher;
import io.nativemesh.core.model.CaRoots;
import io.nativemesh.core.model.IssuedCert;
import io.nativemesh.core.model.ServiceEntry;
import io.nativemesh.tls.CertificateInfo;
import io.nativemesh.tls.MeshState;
import io.nativemesh.tls.PemDecoder;
import io.nativemesh.tls.TrustBundle;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code nativemesh troubleshoot upstream SOURCE DESTINATION}: the whole path from a caller to a
 * service, step by step — both registered and Connect-native, healthy instances (and failing
 * checks), the intention decision with its deciding rule and precedence, a leaf for SOURCE, the
 * served roots, and a real mTLS handshake to each healthy instance with that leaf.
 */
@Command(
    name = "upstream",
    mixinStandardHelpOptions = true,
    description = "Why can SOURCE not reach DESTINATION? Checks the whole path, step by step.")
public final class TroubleshootUpstream extends MeshCommand {
  @Parameters(index = "0", paramLabel = "SOURCE", description = "the calling service")
  String source;

  @Parameters(index = "1", paramLabel = "DESTINATION", description = "the upstream service")
  String destination;

  @Override
  protected String title() {
    return "troubleshoot upstream " + source + " -> " + destination;
  }

  @Override
  protected void run(ConsulClient c, Report r) {
    Instant now = Instant.now();
    CaRoots roots = roots(c);
    String dc = datacenter(c);
    ServiceIdentity sourceId = identity(roots, dc, source);

    // 1. registration and Connect-native status
    List<ServiceEntry> src = instances(c, source);
    if (src.isEmpty()) {
      r.add(
          "source registered",
          Status.WARN,
          source + " has no registered instance (fine for a caller that only dials)");
    } else {
      long nat = src.stream().filter(MeshCommand::connectNative).count();
      r.add(
          "source registered",
          nat > 0 ? Status.PASS : Status.WARN,
          src.size() + " instance(s), " + nat + " Connect-native");
    }
    List<ServiceEntry> dst = instances(c, destination);
    List<ServiceEntry> nativeDst = dst.stream().filter(MeshCommand::connectNative).toList();
    List<Map<String, Object>> dstFacts = dst.stream().map(MeshCommand::instanceFacts).toList();
    if (dst.isEmpty()) {
      r.add(
          "destination registered",
          Status.FAIL,
          destination + " has no registered instance" + MeshCommand.ACL_HINT);
    } else if (nativeDst.isEmpty()) {
      r.add(
              "destination registered",
              Status.FAIL,
              "none of the "
                  + dst.size()
                  + " instance(s) of "
                  + destination
                  + " is Connect-native: registered without Connect.Native=true, so"
                  + " /v1/health/connect/"
                  + destination
                  + " (what mesh callers resolve) does not return them")
          .put("instances", dstFacts);
    } else if (nativeDst.size() < dst.size()) {
      r.add(
              "destination registered",
              Status.WARN,
              (dst.size() - nativeDst.size())
                  + " of "
                  + dst.size()
                  + " instance(s) are not Connect-native (mesh callers never see them)")
          .put("instances", dstFacts);
    } else {
      r.add("destination registered", Status.PASS, dst.size() + " instance(s), all Connect-native");
    }

    // 2. health
    List<ServiceEntry> healthy = nativeDst.stream().filter(ServiceEntry::isPassing).toList();
    if (!nativeDst.isEmpty()) {
      List<Map<String, Object>> facts = nativeDst.stream().map(MeshCommand::instanceFacts).toList();
      Status st =
          healthy.isEmpty()
              ? Status.FAIL
              : healthy.size() < nativeDst.size() ? Status.WARN : Status.PASS;
      String msg =
          healthy.isEmpty()
              ? "no healthy instance: all "
                  + nativeDst.size()
                  + " Connect-native instance(s) have a failing check"
              : healthy.size() + " of " + nativeDst.size() + " Connect-native instance(s) healthy";
      r.add("healthy instances", st, msg).put("instances", facts);
    }

    // 3. intention
    IntentionDecision decision = IntentionEval.add(c, r, sourceId, destination, null);

    // 4. a leaf for the source
    IssuedCert leaf = null;
    try {
      leaf = ConsulClient.join(c.connectCa().leaf(source, QueryOptions.NONE)).value();
      X509Certificate cert = PemDecoder.certificates(leaf.certPem()).get(0);
      r.add("leaf for source", Status.PASS, "the token may obtain a leaf for " + source)
          .putAll(ChainFacts.describe(cert, now));
    } catch (ConsulApiException e) {
      r.add(
          "leaf for source",
          Status.FAIL,
          "the token may not obtain a leaf for "
              + source
              + (e.statusCode() == 403
                  ? ": the leaf endpoint needs service:write on " + source + " ("
                  : " (")
              + describeApiError(e)
              + "); no handshake can be tried");
    }

    // 5. roots
    List<ServedRoot> served = ChainFacts.parse(roots);
    List<Map<String, Object>> rootFacts = new ArrayList<>();
    for (ServedRoot s : served) {
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("id", s.root().id());
      f.put("active", s.root().active());
      f.put("notAfter", s.root().notAfter().toString());
      rootFacts.add(f);
    }
    boolean hasActive = served.stream().anyMatch(s -> s.root().active());
    r.add(
            "roots",
            hasActive ? Status.PASS : Status.FAIL,
            served.size()
                + " root(s) served, trust domain "
                + roots.trustDomain()
                + (hasActive ? ", active " + roots.activeRootId() : ", none active"))
        .put("roots", rootFacts);

    // 6. handshakes
    if (leaf == null) {
      return;
    }
    List<X509Certificate> chain = PemDecoder.certificates(leaf.certPem());
    MeshState me =
        new MeshState(
            1,
            SpiffeId.parse(leaf.serviceUri()).asService(),
            chain.toArray(X509Certificate[]::new),
            PemDecoder.privateKey(leaf.privateKeyPem(), chain.get(0)),
            TrustBundle.fromCaRoots(roots),
            new IntentionMatcher(source, List.of(), false));
    for (ServiceEntry e : healthy) {
      handshake(r, e, me, served, decision, now);
    }
  }

  private void handshake(
      Report r,
      ServiceEntry e,
      MeshState me,
      List<ServedRoot> served,
      IntentionDecision decision,
      Instant now) {
    String check = "handshake " + e.service().id();
    InetSocketAddress addr = new InetSocketAddress(e.dialAddress(), e.service().port());
    TlsProbe.Result res = TlsProbe.probe(addr, me, options.probeWait());
    if (res.connectError() != null) {
      r.add(check, Status.FAIL, res.connectError());
      return;
    }
    if (res.presented().isEmpty()) {
      r.add(check, Status.FAIL, "no TLS handshake: " + res.refusal());
      return;
    }
    List<String> problems = new ArrayList<>();
    Map<String, Object> facts = ChainFacts.describe(res.presented().get(0), now);
    facts.put("chain", ChainFacts.chainSummary(res.presented()));
    X509Certificate presented = res.presented().get(0);
    List<String> uris = CertificateInfo.uriSans(presented);
    String who = uris.isEmpty() ? "" : uris.get(0);
    if (uris.size() != 1 || !who.endsWith("/svc/" + destination)) {
      problems.add(
          "it presented "
              + (who.isEmpty() ? "no SPIFFE ID" : who)
              + ", not an identity of "
              + destination);
    }
    if (presented.getNotAfter().toInstant().isBefore(now)) {
      problems.add(
          "it presents an EXPIRED leaf (expired "
              + ChainFacts.human(Duration.between(presented.getNotAfter().toInstant(), now))
              + " ago): its leaf stopped renewing, callers reject it");
    }
    ServedRoot signer = ChainFacts.signer(res.presented(), served);
    if (signer == null) {
      problems.add("its leaf does not chain to any served root");
      facts.put("signedBy", "no served root");
    } else {
      facts.put(
          "signedBy",
          (signer.root().active() ? "active root " : "previous root ") + signer.root().id());
      if (!signer.root().active()) {
        problems.add(
            "its leaf is from a previous root ("
                + signer.root().id()
                + "): it missed the CA rotation");
      }
    }
    if (res.refusal() != null) {
      String why =
          decision != null && !decision.allowed()
              ? "consistent with the intention decision above: " + decision.reason()
              : "the intention decision allows it, so the instance may hold stale intentions or"
                  + " roots, or not trust our root";
      problems.add("it refused our certificate (" + res.refusal() + "); " + why);
    }
    if (problems.isEmpty()) {
      r.add(
              check,
              Status.PASS,
              "accepted " + source + "'s leaf over " + res.protocol() + "; presented " + who)
          .putAll(facts);
    } else {
      r.add(check, Status.FAIL, String.join("; ", problems)).putAll(facts);
    }
  }
}
