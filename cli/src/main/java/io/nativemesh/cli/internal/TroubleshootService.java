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
import io.nativemesh.core.model.CaRoots;
import io.nativemesh.core.model.ServiceEntry;
import io.nativemesh.tls.CertificateInfo;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code nativemesh troubleshoot service NAME}: asks every instance of a service for its leaf by a
 * TLS handshake (presenting no certificate: the instance's own chain arrives before it asks for
 * ours) and reports expiry, whether it chains to the served roots and to which, when the SDK's
 * watchdog would act, and instances whose leaf predates the last CA rotation — the symptom of a
 * mesh whose leaves stopped renewing.
 */
@Command(
    name = "service",
    mixinStandardHelpOptions = true,
    description = "Each instance's leaf, asked of the instance itself: expiry, roots, watchdog.")
public final class TroubleshootService extends MeshCommand {
  @Parameters(index = "0", paramLabel = "NAME", description = "the service")
  String service;

  @Override
  protected String title() {
    return "troubleshoot service " + service;
  }

  @Override
  protected void run(ConsulClient c, Report r) {
    Instant now = Instant.now();
    CaRoots roots = roots(c);
    List<ServedRoot> served = ChainFacts.parse(roots);
    ServedRoot active = served.stream().filter(s -> s.root().active()).findFirst().orElse(null);
    Map<String, Object> rd =
        r.add(
            "roots",
            active == null ? Status.FAIL : Status.PASS,
            served.size()
                + " root(s) served"
                + (active == null ? ", none active" : ", active " + active.root().id()));
    if (active != null && served.size() > 1) {
      // the active root's validity starts a minute before the rotation (Consul's backdating)
      rd.put("lastRotation", active.cert().getNotBefore().toInstant().plusSeconds(60).toString());
    }
    List<ServiceEntry> all = instances(c, service);
    if (all.isEmpty()) {
      r.add(
          "instances", Status.FAIL, service + " has no registered instance" + MeshCommand.ACL_HINT);
      return;
    }
    r.add("instances", Status.INFO, all.size() + " registered instance(s)");
    for (ServiceEntry e : all) {
      instance(r, e, served, now);
    }
  }

  private void instance(Report r, ServiceEntry e, List<ServedRoot> served, Instant now) {
    String check = "instance " + e.service().id();
    Map<String, Object> inst = instanceFacts(e);
    InetSocketAddress addr = new InetSocketAddress(e.dialAddress(), e.service().port());
    TlsProbe.Result res = TlsProbe.probe(addr, null, options.probeWait());
    if (res.presented().isEmpty()) {
      r.add(
              check,
              Status.FAIL,
              "could not get its leaf: "
                  + (res.connectError() != null ? res.connectError() : res.refusal()))
          .putAll(inst);
      return;
    }
    X509Certificate leaf = res.presented().get(0);
    Map<String, Object> facts = ChainFacts.describe(leaf, now);
    facts.putAll(inst);
    facts.put("chain", ChainFacts.chainSummary(res.presented()));
    List<String> fail = new ArrayList<>();
    List<String> warn = new ArrayList<>();
    List<String> uris = CertificateInfo.uriSans(leaf);
    if (uris.size() != 1 || !uris.get(0).endsWith("/svc/" + service)) {
      fail.add(
          "it presents "
              + (uris.isEmpty() ? "no SPIFFE ID" : uris)
              + ", not an identity of "
              + service);
    }
    Instant notAfter = leaf.getNotAfter().toInstant();
    Instant watchdog = ChainFacts.watchdogAt(leaf);
    if (notAfter.isBefore(now)) {
      fail.add(
          "its leaf EXPIRED "
              + ChainFacts.human(Duration.between(notAfter, now))
              + " ago: renewal stopped and callers reject it");
      facts.put(
          "watchdog",
          "should have acted " + ChainFacts.human(Duration.between(watchdog, now)) + " ago");
    } else if (watchdog.isBefore(now)) {
      warn.add(
          "its leaf is past 90 % of its lifetime and the renewal grace without renewal (watchdog due "
              + ChainFacts.human(Duration.between(watchdog, now))
              + " ago): the instance is not receiving new leaves");
      facts.put("watchdog", "overdue by " + ChainFacts.human(Duration.between(watchdog, now)));
    } else {
      facts.put(
          "watchdog",
          "would act in "
              + ChainFacts.human(Duration.between(now, watchdog))
              + " (at "
              + watchdog
              + ")");
    }
    ServedRoot signer = ChainFacts.signer(res.presented(), served);
    if (signer == null) {
      fail.add("its leaf does not chain to any served root");
      facts.put("chainsTo", "no served root");
    } else if (!signer.root().active()) {
      facts.put("chainsTo", "previous root " + signer.root().id());
      fail.add(
          "its leaf is older than the last CA rotation: signed by previous root "
              + signer.root().id()
              + " (the active root signs every leaf issued since); it stops working when that"
              + " root is pruned");
    } else {
      facts.put("chainsTo", "active root " + signer.root().id());
    }
    if (!connectNative(e)) {
      warn.add("registered without Connect.Native (mesh callers never see it)");
    }
    if (!fail.isEmpty()) {
      fail.addAll(warn);
      r.add(check, Status.FAIL, String.join("; ", fail)).putAll(facts);
    } else if (!warn.isEmpty()) {
      r.add(check, Status.WARN, String.join("; ", warn)).putAll(facts);
    } else {
      r.add(check, Status.PASS, "leaf valid, chains to the active root").putAll(facts);
    }
  }
}
