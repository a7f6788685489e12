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
package io.nativemesh.core;

import java.util.Objects;

/**
 * A SPIFFE ID: {@code spiffe://<trust-domain><path>}. Immutable and thread-safe; equal when trust
 * domain and path are equal.
 *
 * <p>Parsing follows section 2 of the SPIFFE ID specification ({@code standards/SPIFFE-ID.md} in
 * github.com/spiffe/spiffe; summary in {@code docs/consul-api.md}, "SPIFFE identities"): scheme
 * {@code spiffe}, a trust domain of {@code [a-z0-9._-]}, a path of segments of {@code
 * [A-Za-z0-9._-]} with no empty, {@code "."} or {@code ".."} segment and no trailing slash; no
 * port, user info, query or fragment. The scheme and trust domain are case-insensitive on input and
 * stored lowercased (Consul lowercases the host).
 *
 * <p>Consul service identities ({@code /ns/<ns>/dc/<dc>/svc/<service>}, optionally prefixed with
 * {@code /ap/<partition>}) are read with {@link #asService()}; see Consul's {@code
 * agent/connect/uri_service.go}.
 *
 * @since 0.1.0
 */
public final class SpiffeId {
  private static final String SCHEME = "spiffe://";

  private final TrustDomain trustDomain;
  private final String path;

  private SpiffeId(TrustDomain trustDomain, String path) {
    this.trustDomain = trustDomain;
    this.path = path;
  }

  /**
   * Parses a SPIFFE ID.
   *
   * @param uri e.g. {@code spiffe://abc.consul/ns/default/dc/dc1/svc/web}
   * @return the parsed ID
   * @throws InvalidSpiffeIdException naming the input and the rule it breaks
   */
  public static SpiffeId parse(String uri) {
    if (uri == null || uri.isEmpty()) {
      throw new InvalidSpiffeIdException(uri, "empty");
    }
    if (uri.length() < SCHEME.length() || !uri.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      throw new InvalidSpiffeIdException(uri, "scheme must be 'spiffe://'");
    }
    String rest = uri.substring(SCHEME.length());
    int slash = rest.indexOf('/');
    String host = slash < 0 ? rest : rest.substring(0, slash);
    String path = slash < 0 ? "" : rest.substring(slash);
    if (host.indexOf(':') >= 0) {
      throw new InvalidSpiffeIdException(uri, "a port is not allowed");
    }
    if (host.indexOf('@') >= 0) {
      throw new InvalidSpiffeIdException(uri, "user info is not allowed");
    }
    if (uri.indexOf('?') >= 0 || uri.indexOf('#') >= 0) {
      throw new InvalidSpiffeIdException(uri, "query and fragment are not allowed");
    }
    TrustDomain td;
    try {
      td = TrustDomain.parse(host);
    } catch (InvalidSpiffeIdException e) {
      throw new InvalidSpiffeIdException(uri, e.getMessage());
    }
    validatePath(uri, path);
    return new SpiffeId(td, path);
  }

  /**
   * Builds the SPIFFE ID of a Consul service in the default partition.
   *
   * @param trustDomain the mesh trust domain
   * @param namespace Consul namespace ({@code "default"} in Consul CE)
   * @param datacenter e.g. {@code "dc1"}
   * @param service the service name
   * @return {@code spiffe://<td>/ns/<namespace>/dc/<datacenter>/svc/<service>}
   * @throws InvalidSpiffeIdException if a segment contains a character SPIFFE does not allow
   */
  public static SpiffeId forService(
      TrustDomain trustDomain, String namespace, String datacenter, String service) {
    Objects.requireNonNull(trustDomain, "trustDomain");
    String path = "/ns/" + namespace + "/dc/" + datacenter + "/svc/" + service;
    validatePath(trustDomain.toSpiffeUri() + path, path);
    return new SpiffeId(trustDomain, path);
  }

  private static void validatePath(String uri, String path) {
    if (path.isEmpty()) {
      return;
    }
    if (path.endsWith("/")) {
      throw new InvalidSpiffeIdException(uri, "path must not end with '/'");
    }
    int start = 1;
    while (start <= path.length()) {
      int end = path.indexOf('/', start);
      if (end < 0) {
        end = path.length();
      }
      String seg = path.substring(start, end);
      if (seg.isEmpty()) {
        throw new InvalidSpiffeIdException(uri, "path has an empty segment");
      }
      if (seg.equals(".") || seg.equals("..")) {
        throw new InvalidSpiffeIdException(uri, "path has a '" + seg + "' segment");
      }
      for (int i = 0; i < seg.length(); i++) {
        char c = seg.charAt(i);
        boolean ok =
            (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || c == '.'
                || c == '-'
                || c == '_';
        if (!ok) {
          throw new InvalidSpiffeIdException(uri, "path has invalid character '" + c + "'");
        }
      }
      start = end + 1;
    }
  }

  /**
   * @return the trust domain (host part)
   */
  public TrustDomain trustDomain() {
    return trustDomain;
  }

  /**
   * @return the path, {@code ""} or starting with {@code '/'}
   */
  public String path() {
    return path;
  }

  /**
   * Reads this ID as a Consul service identity.
   *
   * @return the service identity
   * @throws InvalidSpiffeIdException if the path is not {@code
   *     [/ap/<p>]/ns/<ns>/dc/<dc>/svc/<name>}
   */
  public ServiceIdentity asService() {
    String[] s = path.isEmpty() ? new String[0] : path.substring(1).split("/", -1);
    int i = 0;
    String partition = "default";
    if (s.length == 8 && s[0].equals("ap")) {
      partition = s[1];
      i = 2;
    }
    if (s.length - i != 6
        || !s[i].equals("ns")
        || !s[i + 2].equals("dc")
        || !s[i + 4].equals("svc")) {
      throw new InvalidSpiffeIdException(
          toString(),
          "not a Consul service identity "
              + "(expected /ns/<namespace>/dc/<datacenter>/svc/<service>)");
    }
    return new ServiceIdentity(this, partition, s[i + 1], s[i + 3], s[i + 5]);
  }

  /**
   * @return true if {@link #asService()} would succeed
   */
  public boolean isService() {
    try {
      asService();
      return true;
    } catch (InvalidSpiffeIdException e) {
      return false;
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SpiffeId other
        && other.trustDomain.equals(trustDomain)
        && other.path.equals(path);
  }

  @Override
  public int hashCode() {
    return trustDomain.hashCode() * 31 + path.hashCode();
  }

  /**
   * @return the URI form, {@code spiffe://<td><path>}
   */
  @Override
  public String toString() {
    return SCHEME + trustDomain.name() + path;
  }
}
