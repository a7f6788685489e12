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

/** ACL policy and role commands applied to a {@link Mutation}. Stateless. */
final class AclMachine {
  private AclMachine() {}

  static AclPolicy upsertPolicy(Mutation m, Command.UpsertAclPolicy c) {
    for (AclPolicy p : m.state.aclPolicies().values()) {
      if (p.name().equals(c.policy().name()) && !p.id().equals(c.policy().id())) {
        throw new IllegalStateException("a policy named " + p.name() + " already exists");
      }
    }
    AclPolicy old = m.state.aclPolicies().get(c.policy().id());
    AclPolicy p = c.policy().withIndexes(old == null ? m.index : old.createIndex(), m.index);
    m.aclPolicies().put(p.id(), p);
    m.touch(Table.ACL_POLICIES);
    return p;
  }

  static Boolean deletePolicy(Mutation m, Command.DeleteAclPolicy c) {
    if (!m.state.aclPolicies().containsKey(c.id())) {
      return false;
    }
    m.aclPolicies().remove(c.id());
    m.touch(Table.ACL_POLICIES);
    return true;
  }

  static AclRole upsertRole(Mutation m, Command.UpsertAclRole c) {
    for (AclRole r : m.state.aclRoles().values()) {
      if (r.name().equals(c.role().name()) && !r.id().equals(c.role().id())) {
        throw new IllegalStateException("a role named " + r.name() + " already exists");
      }
    }
    AclRole old = m.state.aclRoles().get(c.role().id());
    AclRole r = c.role().withIndexes(old == null ? m.index : old.createIndex(), m.index);
    m.aclRoles().put(r.id(), r);
    m.touch(Table.ACL_ROLES);
    return r;
  }

  static Boolean deleteRole(Mutation m, Command.DeleteAclRole c) {
    if (!m.state.aclRoles().containsKey(c.id())) {
      return false;
    }
    m.aclRoles().remove(c.id());
    m.touch(Table.ACL_ROLES);
    return true;
  }
}
