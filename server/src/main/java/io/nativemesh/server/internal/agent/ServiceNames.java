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
package io.nativemesh.server.internal.agent;

import io.nativemesh.core.InvalidSpiffeIdException;
import io.nativemesh.core.SpiffeId;
import io.nativemesh.core.TrustDomain;
import io.nativemesh.server.internal.http.HttpError;

/**
 * The service names this server registers: only names that can obtain a leaf certificate. A leaf
 * carries {@code spiffe://<td>/ns/default/dc/<dc>/svc/<name>}, so the name must be one SPIFFE path
 * segment (letters, digits, {@code .}, {@code -}, {@code _}; not {@code .} or {@code ..}: the
 * SPIFFE ID spec, as {@link SpiffeId} checks it), and at most {@value #MAX_LENGTH} characters so
 * that its leaf URL ({@code /v1/agent/connect/ca/leaf/<name>}) fits the request line and the ID the
 * SPIFFE limit of 2,048 bytes. Consul accepts more (it only warns about names that are not
 * DNS-compatible); a name that can never join the mesh is refused here at registration instead.
 * Stateless.
 */
public final class ServiceNames {
  /** The longest name accepted, characters. */
  public static final int MAX_LENGTH = 256;

  private static final TrustDomain PLACEHOLDER = TrustDomain.parse("example.consul");

  private ServiceNames() {}

  /**
   * @param name a service name (non-empty)
   * @throws HttpError 400 {@code Invalid service name '<name>': <rule>} (long names abbreviated)
   */
  public static void requireLeafable(String name) {
    if (name.length() > MAX_LENGTH) {
      throw HttpError.badRequest(
          "Invalid service name '"
              + name.substring(0, 32)
              + "…' ("
              + name.length()
              + " characters): at most "
              + MAX_LENGTH
              + " characters, so that it can obtain a leaf certificate");
    }
    if (name.indexOf('/') >= 0) {
      throw HttpError.badRequest(
          "Invalid service name '"
              + name
              + "': must not contain '/' (a SPIFFE ID path segment: letters, digits, '.', '-',"
              + " '_')");
    }
    try {
      SpiffeId.forService(PLACEHOLDER, "default", "dc1", name);
    } catch (InvalidSpiffeIdException e) {
      throw HttpError.badRequest(
          "Invalid service name '"
              + name
              + "': its leaf's SPIFFE ID would be invalid ("
              + e.getMessage()
              + "); use letters, digits, '.', '-' and '_'");
    }
  }
}
