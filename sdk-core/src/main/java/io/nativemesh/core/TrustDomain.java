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

import java.util.Locale;

/**
 * A SPIFFE trust domain: the host part of a SPIFFE ID, for Consul {@code <cluster-id>.consul}.
 * Immutable and thread-safe.
 *
 * <p>Rule (SPIFFE ID specification section 2.1, {@code standards/SPIFFE-ID.md} in
 * github.com/spiffe/spiffe): lowercase letters, digits, {@code '.'}, {@code '-'} and {@code '_'},
 * at most 255 characters. Consul lowercases the host, so {@link #parse} accepts upper case and
 * lowercases it; {@link #parseStrict} does not.
 *
 * @since 0.1.0
 */
public final class TrustDomain implements Comparable<TrustDomain> {
  private final String name;

  private TrustDomain(String name) {
    this.name = name;
  }

  /**
   * Parses a trust domain name, lowercasing it first (Consul behaviour).
   *
   * @param name e.g. {@code "7f0f7c2e-....consul"}
   * @return the trust domain
   * @throws InvalidSpiffeIdException if the name is empty, too long or has a character outside the
   *     SPIFFE set
   */
  public static TrustDomain parse(String name) {
    if (name == null) {
      throw new InvalidSpiffeIdException(null, "trust domain is missing");
    }
    return parseStrict(name.toLowerCase(Locale.ROOT));
  }

  /**
   * Parses a trust domain name exactly as given (SPIFFE spec: lowercase only).
   *
   * @param name the trust domain name
   * @return the trust domain
   * @throws InvalidSpiffeIdException if the name violates the SPIFFE character rules
   */
  public static TrustDomain parseStrict(String name) {
    if (name == null || name.isEmpty()) {
      throw new InvalidSpiffeIdException(name, "trust domain is empty");
    }
    if (name.length() > 255) {
      throw new InvalidSpiffeIdException(name, "trust domain is longer than 255 characters");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
      if (!ok) {
        throw new InvalidSpiffeIdException(name, "trust domain has invalid character '" + c + "'");
      }
    }
    return new TrustDomain(name);
  }

  /**
   * @return the trust domain name, e.g. {@code "abc.consul"}
   */
  public String name() {
    return name;
  }

  /**
   * @return the SPIFFE ID of the trust domain itself, {@code spiffe://<name>}
   */
  public String toSpiffeUri() {
    return "spiffe://" + name;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TrustDomain t && t.name.equals(name);
  }

  @Override
  public int hashCode() {
    return name.hashCode();
  }

  @Override
  public int compareTo(TrustDomain o) {
    return name.compareTo(o.name);
  }

  @Override
  public String toString() {
    return name;
  }
}
