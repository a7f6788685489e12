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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nativemesh.test.NativeMesh;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One run of the CLI in-process against a test mesh: exit status, output, the JSON report. */
record CliRun(int status, String out, String err) {
  static CliRun run(NativeMesh mesh, String token, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Map<String, String> env =
        token == null
            ? Map.of("CONSUL_HTTP_ADDR", mesh.address())
            : Map.of("CONSUL_HTTP_ADDR", mesh.address(), "CONSUL_HTTP_TOKEN", token);
    int status =
        NativeMeshCli.run(
            all.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err), env);
    return new CliRun(status, out.toString(), err.toString());
  }

  /** A run with the given environment ({@code CONSUL_HTTP_ADDR} and so on). */
  static CliRun run(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = NativeMeshCli.run(args, new PrintWriter(out), new PrintWriter(err), env);
    return new CliRun(status, out.toString(), err.toString());
  }

  static CliRun json(NativeMesh mesh, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("-format=json");
    return run(mesh, mesh.managementToken(), all.toArray(String[]::new));
  }

  JsonNode report() {
    try {
      return new ObjectMapper().readTree(out);
    } catch (Exception e) {
      throw new AssertionError("not JSON (status " + status + ", stderr " + err + "): " + out, e);
    }
  }

  /** The first step whose check starts with {@code prefix}. */
  JsonNode step(String prefix) {
    for (JsonNode s : report().get("steps")) {
      if (s.get("check").asText().startsWith(prefix)) {
        return s;
      }
    }
    throw new AssertionError("no step '" + prefix + "' in " + out);
  }

  String status(String prefix) {
    return step(prefix).get("status").asText();
  }

  String message(String prefix) {
    return step(prefix).get("message").asText();
  }

  String detail(String prefix, String key) {
    JsonNode d = step(prefix).get("details").get(key);
    if (d == null) {
      throw new AssertionError("step '" + prefix + "' has no detail " + key + ": " + out);
    }
    return d.isValueNode() ? d.asText() : d.toString();
  }
}
