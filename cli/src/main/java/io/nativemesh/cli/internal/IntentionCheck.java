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

import io.nativemesh.consul.ConsulClient;
import io.nativemesh.core.intention.HttpRequestAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code nativemesh intention check SOURCE DESTINATION [-l7 METHOD PATH [NAME=VALUE...]]}: the
 * decision the destination's SDK makes for the source, with the deciding rule and its precedence
 * and every intention considered, for the connection or for one HTTP request. Exit status 1 when
 * denied.
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description =
        "Would DESTINATION accept SOURCE? The decision, the deciding rule, its precedence.")
public final class IntentionCheck extends MeshCommand {
  @Parameters(index = "0", paramLabel = "SOURCE")
  String source;

  @Parameters(index = "1", paramLabel = "DESTINATION")
  String destination;

  @Option(
      names = {"-l7", "--l7"},
      arity = "2..*",
      paramLabel = "ARG",
      description = "Decide for one HTTP request: METHOD PATH [HEADER=VALUE...]")
  List<String> l7;

  @Override
  protected String title() {
    return "intention check "
        + source
        + " -> "
        + destination
        + (l7 == null ? "" : " " + String.join(" ", l7));
  }

  @Override
  protected void run(ConsulClient c, Report r) {
    HttpRequestAttributes req = null;
    if (l7 != null) {
      Map<String, List<String>> headers = new LinkedHashMap<>();
      for (String h : l7.subList(2, l7.size())) {
        int eq = h.indexOf('=');
        if (eq <= 0) {
          throw new IllegalArgumentException("-l7 header '" + h + "' is not NAME=VALUE");
        }
        headers
            .computeIfAbsent(h.substring(0, eq), k -> new ArrayList<>())
            .add(h.substring(eq + 1));
      }
      req = new HttpRequestAttributes(l7.get(0), l7.get(1), headers);
    }
    IntentionEval.add(c, r, identity(roots(c), datacenter(c), source), destination, req);
  }
}
