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
package io.nativemesh.server.internal.endpoints;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.nativemesh.server.internal.http.HttpError;
import io.nativemesh.server.internal.state.AclPolicy;
import io.nativemesh.server.internal.state.AclRole;
import io.nativemesh.server.internal.state.StateSnapshot;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The request and response shapes ACL tokens and roles share (Consul API: {@code Policies}, {@code
 * Roles}, {@code ServiceIdentities}, {@code NodeIdentities}): links are given by {@code ID} or
 * {@code Name} and stored by ID; responses name each link with its current name. Stateless.
 */
final class AclLinks {
  /** Consul's built-in management policy ID. */
  static final String MANAGEMENT_POLICY_ID = "00000000-0000-0000-0000-000000000001";

  /** Consul's name for it. */
  static final String MANAGEMENT_POLICY_NAME = "global-management";

  static final Pattern UUID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  /** Consul: {@code validServiceIdentityName}. */
  private static final Pattern SERVICE_NAME = Pattern.compile("[a-z0-9]([a-z0-9-_]*[a-z0-9])?");

  /** Consul: {@code validPolicyName}, {@code validRoleName}. */
  static final Pattern OBJECT_NAME = Pattern.compile("[A-Za-z0-9\\-_]{1,256}");

  private AclLinks() {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Link(@JsonProperty("ID") String id, @JsonProperty("Name") String name) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record ServiceIdentity(
      @JsonProperty("ServiceName") String serviceName,
      @JsonProperty("Datacenters") List<String> datacenters) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record NodeIdentity(
      @JsonProperty("NodeName") String nodeName, @JsonProperty("Datacenter") String datacenter) {}

  /**
   * @param s the state
   * @param links policy links by ID or name
   * @return the linked policy IDs, management included as {@link #MANAGEMENT_POLICY_ID}
   * @throws HttpError 400 naming a link to no policy
   */
  static List<String> policyIds(StateSnapshot s, List<Link> links) {
    List<String> out = new ArrayList<>();
    for (Link l : links == null ? List.<Link>of() : links) {
      String id = null;
      if (l != null
          && (MANAGEMENT_POLICY_ID.equals(l.id()) || MANAGEMENT_POLICY_NAME.equals(l.name()))) {
        id = MANAGEMENT_POLICY_ID;
      } else if (l != null && l.id() != null && !l.id().isEmpty()) {
        id = s.aclPolicies().containsKey(l.id()) ? l.id() : null;
      } else if (l != null && l.name() != null) {
        for (AclPolicy p : s.aclPolicies().values()) {
          if (p.name().equals(l.name())) {
            id = p.id();
          }
        }
      }
      if (id == null) {
        throw HttpError.badRequest(
            "cannot find policy "
                + (l == null ? "null" : l.id() != null && !l.id().isEmpty() ? l.id() : l.name()));
      }
      if (!out.contains(id)) {
        out.add(id);
      }
    }
    return out;
  }

  /**
   * @param s the state
   * @param links role links by ID or name
   * @return the role IDs
   * @throws HttpError 400 naming a link to no role
   */
  static List<String> roleIds(StateSnapshot s, List<Link> links) {
    List<String> out = new ArrayList<>();
    for (Link l : links == null ? List.<Link>of() : links) {
      String id = null;
      if (l != null && l.id() != null && !l.id().isEmpty()) {
        id = s.aclRoles().containsKey(l.id()) ? l.id() : null;
      } else if (l != null && l.name() != null) {
        for (AclRole r : s.aclRoles().values()) {
          if (r.name().equals(l.name())) {
            id = r.id();
          }
        }
      }
      if (id == null) {
        throw HttpError.badRequest(
            "cannot find role "
                + (l == null ? "null" : l.id() != null && !l.id().isEmpty() ? l.id() : l.name()));
      }
      if (!out.contains(id)) {
        out.add(id);
      }
    }
    return out;
  }

  static List<String> serviceIdentities(List<ServiceIdentity> in) {
    List<String> out = new ArrayList<>();
    for (ServiceIdentity si : in == null ? List.<ServiceIdentity>of() : in) {
      if (si == null
          || si.serviceName() == null
          || !SERVICE_NAME.matcher(si.serviceName()).matches()) {
        throw HttpError.badRequest(
            "Invalid Service Identity: invalid ServiceName '"
                + (si == null ? null : si.serviceName())
                + "'");
      }
      out.add(si.serviceName());
    }
    return out;
  }

  static List<String> nodeIdentities(List<NodeIdentity> in) {
    List<String> out = new ArrayList<>();
    for (NodeIdentity ni : in == null ? List.<NodeIdentity>of() : in) {
      if (ni == null || ni.nodeName() == null || !SERVICE_NAME.matcher(ni.nodeName()).matches()) {
        throw HttpError.badRequest(
            "Invalid Node Identity: invalid NodeName '"
                + (ni == null ? null : ni.nodeName())
                + "'");
      }
      out.add(ni.nodeName());
    }
    return out;
  }

  /** Writes the link fields of a token or role: only the non-empty ones, as Consul omits them. */
  static void put(
      Map<String, Object> m,
      StateSnapshot s,
      boolean management,
      List<String> policyIds,
      List<String> roleIds,
      List<String> services,
      List<String> nodes,
      String datacenter) {
    List<Map<String, Object>> policies = new ArrayList<>();
    if (management) {
      policies.add(link(MANAGEMENT_POLICY_ID, MANAGEMENT_POLICY_NAME));
    }
    for (String id : policyIds) {
      AclPolicy p = s.aclPolicies().get(id);
      if (p != null) {
        policies.add(link(id, p.name()));
      }
    }
    if (!policies.isEmpty()) {
      m.put("Policies", policies);
    }
    List<Map<String, Object>> roles = new ArrayList<>();
    for (String id : roleIds) {
      AclRole r = s.aclRoles().get(id);
      if (r != null) {
        roles.add(link(id, r.name()));
      }
    }
    if (!roles.isEmpty()) {
      m.put("Roles", roles);
    }
    if (!services.isEmpty()) {
      List<Map<String, Object>> ids = new ArrayList<>();
      for (String svc : services) {
        ids.add(Map.of("ServiceName", svc));
      }
      m.put("ServiceIdentities", ids);
    }
    if (!nodes.isEmpty()) {
      List<Map<String, Object>> ids = new ArrayList<>();
      for (String n : nodes) {
        ids.add(Map.of("NodeName", n, "Datacenter", datacenter));
      }
      m.put("NodeIdentities", ids);
    }
  }

  /**
   * Consul's {@code Hash} of an ACL object: a digest of its content, base64 (clients such as
   * kiwiproject consul-client require the field).
   *
   * @param parts the content
   * @return SHA-256 of the parts, base64
   */
  static String hash(Object... parts) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      for (Object p : parts) {
        d.update(String.valueOf(p).getBytes(StandardCharsets.UTF_8));
        d.update((byte) 0);
      }
      return Base64.getEncoder().encodeToString(d.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, Object> link(String id, String name) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("ID", id);
    m.put("Name", name);
    return m;
  }
}
