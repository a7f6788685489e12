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

import io.nativemesh.consul.ConsulApiException;
import io.nativemesh.consul.ConsulClient;
import io.nativemesh.consul.QueryOptions;
import io.nativemesh.core.MeshException;
import io.nativemesh.core.ServiceIdentity;
import io.nativemesh.core.SpiffeId;
import io.nativemesh.core.TrustDomain;
import io.nativemesh.core.model.AgentSelf;
import io.nativemesh.core.model.CaRoots;
import io.nativemesh.core.model.HealthCheck;
import io.nativemesh.core.model.ServiceEntry;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that reads the mesh and prints a {@link Report}. Exit status: 0 no problem found, 1 a
 * problem found, 2 the command could not run (agent unreachable, bad input).
 */
public abstract class MeshCommand implements Callable<Integer> {
  /** Exit status when a problem was found. */
  public static final int PROBLEM = 1;

  /** Exit status when the command could not run. */
  public static final int ERROR = 2;

  @Mixin GlobalOptions options;

  @Spec CommandSpec spec;

  /**
   * Fills the report.
   *
   * @param consul the agent client
   * @param report the report
   * @throws Exception on failures that stop the command (reported as exit status 2)
   */
  protected abstract void run(ConsulClient consul, Report report) throws Exception;

  /**
   * @return the report's title
   */
  protected abstract String title();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Report report = new Report(title());
    try (ConsulClient consul = options.client()) {
      run(consul, report);
    } catch (MeshException | IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      err.flush();
      return ERROR;
    } catch (Exception e) {
      err.println("error: " + e);
      err.flush();
      return ERROR;
    }
    report.print(out, options.json());
    return report.problemFound() ? PROBLEM : 0;
  }

  // ---- reads shared by the commands ----

  /**
   * Appended to "no instance" findings: the server, like Consul, drops from lists what the token
   * may not read ({@code service:read}, {@code node:read}) instead of refusing the request.
   */
  static final String ACL_HINT =
      " visible to this token (lists leave out what the token may not read: check its"
          + " service:read and node:read)";

  static List<ServiceEntry> instances(ConsulClient c, String service) {
    return ConsulClient.join(c.health().service(service, QueryOptions.NONE)).value();
  }

  static CaRoots roots(ConsulClient c) {
    return ConsulClient.join(c.connectCa().roots(QueryOptions.NONE)).value();
  }

  static String datacenter(ConsulClient c) {
    try {
      AgentSelf self = c.agent().self();
      if (self != null && self.config() != null && self.config().datacenter() != null) {
        return self.config().datacenter();
      }
    } catch (ConsulApiException e) {
      // agent:read denied: Consul's default datacenter
    }
    return "dc1";
  }

  static ServiceIdentity identity(CaRoots roots, String dc, String service) {
    return SpiffeId.forService(TrustDomain.parse(roots.trustDomain()), "default", dc, service)
        .asService();
  }

  static boolean connectNative(ServiceEntry e) {
    return e.service().connect() != null && e.service().connect().nativeApp();
  }

  static String describeApiError(ConsulApiException e) {
    return "HTTP "
        + e.statusCode()
        + (e.body() == null || e.body().isEmpty() ? "" : ": " + e.body());
  }

  /**
   * @param e an instance
   * @return id, address, Connect-native, aggregate status and its non-passing checks
   */
  static Map<String, Object> instanceFacts(ServiceEntry e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", e.service().id());
    m.put("address", e.dialAddress() + ":" + e.service().port());
    m.put("connectNative", connectNative(e));
    m.put("health", aggregate(e));
    List<String> failing = new ArrayList<>();
    for (HealthCheck h : e.checks()) {
      if (!HealthCheck.PASSING.equals(h.status())) {
        failing.add(
            h.name()
                + " ("
                + h.checkId()
                + "): "
                + h.status()
                + (h.output() == null || h.output().isBlank() ? "" : " — " + h.output().trim()));
      }
    }
    if (!failing.isEmpty()) {
      m.put("failingChecks", failing);
    }
    return m;
  }

  static String aggregate(ServiceEntry e) {
    String worst = HealthCheck.PASSING;
    for (HealthCheck h : e.checks()) {
      if (HealthCheck.CRITICAL.equals(h.status())) {
        return HealthCheck.CRITICAL;
      }
      if (HealthCheck.WARNING.equals(h.status())) {
        worst = HealthCheck.WARNING;
      }
    }
    return worst;
  }
}
