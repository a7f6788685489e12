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

import io.nativemesh.core.intention.IntentionPrecedence;
import io.nativemesh.core.model.Intention;
import io.nativemesh.core.model.IntentionHeaderPermission;
import io.nativemesh.core.model.IntentionHttpPermission;
import io.nativemesh.core.model.IntentionPermission;
import io.nativemesh.server.internal.http.HttpError;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Input rules for intentions (docs/consul-api.md, "Intentions"; Consul's {@code
 * agent/structs/config_entry_intentions.go}): names are exact or the whole-name wildcard {@code *}
 * (partial wildcards such as {@code web-*} are invalid); an intention has either an {@code Action}
 * ({@code allow}/{@code deny}) or L7 {@code Permissions}, never both; L7 is not allowed on a
 * wildcard destination; each permission has a valid action, at most one path match (exact/prefix
 * paths start with {@code /}, regexes compile) and header matches with a name and exactly one
 * condition. Stateless and thread-safe.
 */
public final class IntentionValidator {
  private static final Pattern UUID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final Set<String> METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "CONNECT", "OPTIONS", "TRACE");

  private IntentionValidator() {}

  /**
   * @param value a source or destination name
   * @param which {@code source} or {@code destination} (for the message)
   * @return the name
   * @throws HttpError 400 for an empty name or a partial wildcard
   */
  public static String name(String value, String which) {
    if (value == null || value.isEmpty()) {
      throw HttpError.badRequest("required query parameter '" + which + "' not set");
    }
    if (partialWildcard(value)) {
      throw HttpError.badRequest(
          "Invalid "
              + which
              + " name '"
              + value
              + "': wildcard character '*' can only be used as the whole name");
    }
    return value;
  }

  /**
   * @param name a source or destination name
   * @return true for a partial wildcard such as {@code web-*} (invalid: {@code *} must be the whole
   *     name)
   */
  public static boolean partialWildcard(String name) {
    return name.contains(IntentionPrecedence.WILDCARD)
        && !name.equals(IntentionPrecedence.WILDCARD);
  }

  /**
   * @param value an intention ID from a path (Consul: {@code uuid.ParseUUID}, 36 hex-and-dash
   *     characters)
   * @return the ID in lower case (IDs are compared as strings; the server generates lower case)
   * @throws HttpError 400 when it is not a UUID
   */
  public static String id(String value) {
    if (!UUID.matcher(value).matches()) {
      throw HttpError.badRequest(
          "Invalid intention ID '" + value + "': must be a UUID (8-4-4-4-12 hex digits)");
    }
    return value.toLowerCase(Locale.ROOT);
  }

  /**
   * The names of an ID-based intention body ({@code POST}/{@code PUT
   * /v1/connect/intentions[/:uuid]}): {@code SourceName} and {@code DestinationName} are required,
   * namespaces are empty or {@code default}.
   *
   * @param body the decoded body (may be null)
   * @throws HttpError 400 with the rule that is broken
   */
  public static void names(Intention body) {
    if (body == null) {
      throw HttpError.badRequest("Request decode failed: missing intention body");
    }
    for (String[] f :
        new String[][] {
          {"SourceName", body.sourceName()}, {"DestinationName", body.destinationName()}
        }) {
      if (f[1] == null || f[1].isEmpty()) {
        throw HttpError.badRequest("Invalid intention: " + f[0] + " is required");
      }
      if (partialWildcard(f[1])) {
        throw HttpError.badRequest(
            "Invalid intention: "
                + f[0]
                + " '"
                + f[1]
                + "': wildcard character '*' can only be used as the whole name");
      }
    }
    namespace(body.sourceNs(), "SourceNS");
    namespace(body.destinationNs(), "DestinationNS");
  }

  /**
   * @param value a namespace or partition field
   * @param field its name (for the message)
   * @throws HttpError 400 unless empty or {@code default} (this server has only the default
   *     namespace)
   */
  public static void namespace(String value, String field) {
    if (value != null && !value.isEmpty() && !value.equals("default")) {
      throw HttpError.badRequest(
          "Invalid intention: "
              + field
              + " '"
              + value
              + "' is not supported: this server has only the 'default' namespace and partition");
    }
  }

  /**
   * @param body a validated body
   * @return its L4 action, or null for an L7 intention
   */
  public static String action(Intention body) {
    return body.isL7() ? null : body.action();
  }

  /**
   * @param body a validated body
   * @return a copy of its L7 permissions, or null for an L4 intention
   */
  public static List<IntentionPermission> permissions(Intention body) {
    return body.isL7() ? List.copyOf(body.permissions()) : null;
  }

  /**
   * Validates the body of {@code PUT /v1/connect/intentions/exact}.
   *
   * @param body the decoded body (may be null)
   * @param destination the validated destination name
   * @throws HttpError 400 with the rule that is broken
   */
  public static void body(Intention body, String destination) {
    if (body == null) {
      throw HttpError.badRequest("Request decode failed: missing intention body");
    }
    if (body.sourceType() != null
        && !body.sourceType().isEmpty()
        && !"consul".equals(body.sourceType())) {
      throw HttpError.badRequest(
          "Invalid SourceType '" + body.sourceType() + "': must be 'consul'");
    }
    List<IntentionPermission> perms = body.permissions();
    boolean hasAction = body.action() != null && !body.action().isEmpty();
    if (perms == null || perms.isEmpty()) {
      if (!"allow".equals(body.action()) && !"deny".equals(body.action())) {
        throw HttpError.badRequest(
            "Invalid intention: Action must be set to 'allow' or 'deny'"
                + (hasAction ? ", got '" + body.action() + "'" : ""));
      }
      return;
    }
    if (hasAction) {
      throw HttpError.badRequest(
          "Invalid intention: Action must be omitted if Permissions are specified");
    }
    if (IntentionPrecedence.WILDCARD.equals(destination)) {
      throw HttpError.badRequest(
          "Invalid intention: Permissions cannot be used with a wildcard destination");
    }
    for (int i = 0; i < perms.size(); i++) {
      permission(perms.get(i), "Permissions[" + i + "]");
    }
  }

  private static void permission(IntentionPermission p, String where) {
    if (p == null) {
      throw HttpError.badRequest("Invalid intention: " + where + " is null");
    }
    if (!"allow".equals(p.action()) && !"deny".equals(p.action())) {
      throw HttpError.badRequest(
          "Invalid intention: " + where + ".Action must be set to 'allow' or 'deny'");
    }
    IntentionHttpPermission h = p.http();
    if (h == null) {
      throw HttpError.badRequest("Invalid intention: " + where + ".HTTP is required");
    }
    int paths =
        (h.pathExact() != null ? 1 : 0)
            + (h.pathPrefix() != null ? 1 : 0)
            + (h.pathRegex() != null ? 1 : 0);
    if (paths > 1) {
      throw HttpError.badRequest(
          "Invalid intention: "
              + where
              + ".HTTP should only contain at most one of PathExact, PathPrefix, or PathRegex");
    }
    if (h.pathExact() != null && !h.pathExact().startsWith("/")) {
      throw HttpError.badRequest(
          "Invalid intention: "
              + where
              + ".HTTP.PathExact doesn't start with '/': \""
              + h.pathExact()
              + "\"");
    }
    if (h.pathPrefix() != null && !h.pathPrefix().startsWith("/")) {
      throw HttpError.badRequest(
          "Invalid intention: "
              + where
              + ".HTTP.PathPrefix doesn't start with '/': \""
              + h.pathPrefix()
              + "\"");
    }
    regex(h.pathRegex(), where + ".HTTP.PathRegex");
    if (h.methods() != null) {
      for (String m : h.methods()) {
        if (m == null || !METHODS.contains(m)) {
          throw HttpError.badRequest(
              "Invalid intention: "
                  + where
                  + ".HTTP.Methods contains an invalid method \""
                  + m
                  + "\"");
        }
      }
    }
    if (h.header() != null) {
      for (int i = 0; i < h.header().size(); i++) {
        header(h.header().get(i), where + ".HTTP.Header[" + i + "]");
      }
    }
    if (paths == 0
        && (h.methods() == null || h.methods().isEmpty())
        && (h.header() == null || h.header().isEmpty())) {
      throw HttpError.badRequest("Invalid intention: " + where + ".HTTP should not be empty");
    }
  }

  private static void header(IntentionHeaderPermission hp, String where) {
    if (hp == null || hp.name() == null || hp.name().isEmpty()) {
      throw HttpError.badRequest("Invalid intention: " + where + " missing required Name field");
    }
    int conditions =
        (Boolean.TRUE.equals(hp.present()) ? 1 : 0)
            + (hp.exact() != null ? 1 : 0)
            + (hp.prefix() != null ? 1 : 0)
            + (hp.suffix() != null ? 1 : 0)
            + (hp.regex() != null ? 1 : 0);
    if (conditions != 1) {
      throw HttpError.badRequest(
          "Invalid intention: "
              + where
              + " should only contain one of Present, Exact, Prefix, Suffix, or Regex");
    }
    regex(hp.regex(), where + ".Regex");
  }

  private static void regex(String regex, String where) {
    if (regex == null) {
      return;
    }
    try {
      Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw HttpError.badRequest(
          "Invalid intention: "
              + where
              + " is not a valid regular expression: "
              + e.getDescription());
    }
  }
}
