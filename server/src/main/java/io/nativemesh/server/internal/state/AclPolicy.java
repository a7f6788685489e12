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
package io.nativemesh.server.internal.state;

import java.util.List;
import java.util.Objects;

/**
 * An ACL policy (Consul: {@code ACLPolicy}, {@code /v1/acl/policy}): a named set of rules in
 * Consul's rules language (HCL or JSON text, parsed by {@code internal.acl.PolicyRules}).
 * Immutable.
 *
 * @param id the policy UUID
 * @param name unique name
 * @param description free text
 * @param rules the rules text as written by the client
 * @param datacenters Consul's {@code Datacenters}, stored and echoed (this server has one)
 * @param createIndex index of creation
 * @param modifyIndex index of last modification
 */
public record AclPolicy(
    String id,
    String name,
    String description,
    String rules,
    List<String> datacenters,
    long createIndex,
    long modifyIndex) {
  /** Copies the list; null text becomes empty. */
  public AclPolicy {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    description = description == null ? "" : description;
    rules = rules == null ? "" : rules;
    datacenters = datacenters == null ? List.of() : List.copyOf(datacenters);
  }

  /**
   * @param create creation index
   * @param modify modification index
   * @return this policy with the indexes
   */
  public AclPolicy withIndexes(long create, long modify) {
    return new AclPolicy(id, name, description, rules, datacenters, create, modify);
  }
}
