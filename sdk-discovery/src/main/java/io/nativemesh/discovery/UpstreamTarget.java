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
package io.nativemesh.discovery;

import io.nativemesh.core.InvalidConfigurationException;
import java.util.regex.Pattern;

/**
 * What an upstream name resolves against: Consul API {@code GET
 * /v1/health/connect/<service>?passing[&dc=][&tag=][&ns=]}. Equal targets share one blocking watch
 * and one endpoint set. Immutable.
 *
 * @param service the upstream service name
 * @param datacenter datacenter to query, or null for the agent's own
 * @param tag only instances carrying this tag, or null for all
 * @param namespace Consul Enterprise namespace, or null for the default; it is part of the expected
 *     SPIFFE ID ({@code /ns/<namespace>/})
 * @since 0.1.0
 */
public record UpstreamTarget(String service, String datacenter, String tag, String namespace) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

  /**
   * Validates the fields.
   *
   * @throws InvalidConfigurationException if a name is empty or has characters Consul does not
   *     allow
   */
  public UpstreamTarget {
    check("service", service, false);
    check("datacenter", datacenter, true);
    check("tag", tag, true);
    check("namespace", namespace, true);
  }

  private static void check(String what, String v, boolean optional) {
    if (v == null && optional) {
      return;
    }
    if (v == null || !NAME.matcher(v).matches()) {
      throw new InvalidConfigurationException("invalid upstream " + what + " '" + v + "'");
    }
  }

  /**
   * @param service the upstream service name
   * @return the target in the agent's datacenter, any tag, default namespace
   */
  public static UpstreamTarget of(String service) {
    return new UpstreamTarget(service, null, null, null);
  }

  /**
   * @param dc the datacenter, or null for the agent's own
   * @return a copy querying {@code dc}
   */
  public UpstreamTarget inDatacenter(String dc) {
    return new UpstreamTarget(service, dc, tag, namespace);
  }

  /**
   * @param t the tag, or null for any
   * @return a copy filtered on {@code t}
   */
  public UpstreamTarget withTag(String t) {
    return new UpstreamTarget(service, datacenter, t, namespace);
  }

  /**
   * @param ns the namespace, or null for the default
   * @return a copy in {@code ns}
   */
  public UpstreamTarget inNamespace(String ns) {
    return new UpstreamTarget(service, datacenter, tag, ns);
  }

  /**
   * @return the namespace that the instances' SPIFFE IDs carry ({@code default} when unset)
   */
  public String effectiveNamespace() {
    return namespace == null ? "default" : namespace;
  }

  @Override
  public String toString() {
    return service
        + (tag == null ? "" : "[tag=" + tag + "]")
        + (namespace == null ? "" : "[ns=" + namespace + "]")
        + (datacenter == null ? "" : "@" + datacenter);
  }
}
