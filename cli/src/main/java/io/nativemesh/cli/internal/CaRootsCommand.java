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
import io.nativemesh.tls.CertificateInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;

/**
 * {@code nativemesh ca roots}: the served roots, active and previous, with validity, signing key
 * and cross-signed intermediates; a root expiring within 30 days warns, an expired one or no active
 * root is a problem.
 */
@Command(
    name = "roots",
    mixinStandardHelpOptions = true,
    description = "The CA roots the agent serves.")
public final class CaRootsCommand extends MeshCommand {
  @Override
  protected String title() {
    return "ca roots";
  }

  @Override
  protected void run(ConsulClient c, Report r) {
    Instant now = Instant.now();
    var roots = roots(c);
    List<ServedRoot> served = ChainFacts.parse(roots);
    r.add(
        "trust domain",
        served.stream().anyMatch(s -> s.root().active()) ? Status.INFO : Status.FAIL,
        roots.trustDomain() + ", active root " + roots.activeRootId());
    for (ServedRoot s : served) {
      Instant end = s.root().notAfter();
      Status st =
          end.isBefore(now)
              ? Status.FAIL
              : end.isBefore(now.plus(Duration.ofDays(30))) ? Status.WARN : Status.PASS;
      Map<String, Object> d =
          r.add(
              "root " + s.root().id(),
              st,
              (s.root().active() ? "active" : "previous")
                  + ", expires "
                  + (end.isBefore(now) ? "EXPIRED " : "in ")
                  + ChainFacts.human(Duration.between(now, end)));
      d.put("name", s.root().name());
      d.put("signingKeyId", s.root().signingKeyId());
      d.put("serial", CertificateInfo.colonHex(s.cert().getSerialNumber()));
      d.put("notBefore", s.root().notBefore().toString());
      d.put("notAfter", end.toString());
      d.put("intermediates", ChainFacts.chainSummary(s.intermediates()));
    }
  }
}
