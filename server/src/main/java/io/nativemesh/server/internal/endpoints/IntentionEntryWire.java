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

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.nativemesh.core.model.Intention;
import io.nativemesh.core.model.IntentionPermission;
import io.nativemesh.server.internal.http.HttpError;
import io.nativemesh.server.internal.state.Command;
import io.nativemesh.server.internal.state.IntentionEntry;
import io.nativemesh.server.internal.state.IntentionSource;
import io.nativemesh.server.internal.state.StateSnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The wire form of the {@code service-intentions} config entry (docs/consul-api.md,
 * "service-intentions config entries"; {@code api/config_entry_intentions.go}): request decoding
 * and validation, and the response shape.
 *
 * <p>Input rules: {@code Name} (the destination) is required, exact or {@code *}; {@code Namespace}
 * and {@code Partition} are empty or {@code default}; entry-level {@code JWT} and per-source {@code
 * Peer}/{@code SamenessGroup} are refused as unsupported; each source has a {@code Name} (exact or
 * {@code *}, at most once per entry), {@code Type} empty or {@code consul}, and either an {@code
 * Action} or {@code Permissions} (the rules of {@link IntentionValidator}). Read-only fields
 * ({@code Precedence}, {@code LegacyMeta}, {@code LegacyCreateTime}, {@code LegacyUpdateTime},
 * {@code CreateIndex}, {@code ModifyIndex}) are accepted and ignored, so an entry read with {@code
 * GET} can be written back. {@code LegacyID} is this server's intention ID: Consul refuses it on
 * config-entry writes; here it must be a UUID and, for a source that already exists, equal its ID
 * (a new source takes it as its ID unless another intention has it). Unknown fields are a 400.
 *
 * <p>Output: {@code Kind}, {@code Name}, {@code Sources[]} (in evaluation order, each with {@code
 * Name}, {@code Action} or {@code Permissions}, {@code Precedence}, {@code Type}, {@code
 * Description}, {@code LegacyID}, {@code LegacyMeta}, {@code LegacyCreateTime}, {@code
 * LegacyUpdateTime}), {@code Meta}, {@code CreateIndex}, {@code ModifyIndex}; empty fields are
 * omitted (Consul's {@code omitempty}). Stateless and thread-safe.
 */
final class IntentionEntryWire {
  /** The config entry kind. */
  static final String KIND = "service-intentions";

  private IntentionEntryWire() {}

  /**
   * The request body of {@code PUT /v1/config} for this kind.
   *
   * @param kind {@code service-intentions}
   * @param name destination name or {@code *}
   * @param namespace empty or {@code default}
   * @param partition empty or {@code default}
   * @param meta entry metadata
   * @param sources the sources
   * @param jwt entry-level JWT requirements (unsupported)
   * @param createIndex read-only, ignored
   * @param modifyIndex read-only, ignored
   */
  record Input(
      @JsonProperty("Kind") String kind,
      @JsonProperty("Name") String name,
      @JsonProperty("Namespace") String namespace,
      @JsonProperty("Partition") String partition,
      @JsonProperty("Meta") Map<String, String> meta,
      @JsonProperty("Sources") List<SourceInput> sources,
      @JsonProperty("JWT") JsonNode jwt,
      @JsonProperty("CreateIndex") Long createIndex,
      @JsonProperty("ModifyIndex") Long modifyIndex) {}

  /**
   * One source of the request body.
   *
   * @param name source name or {@code *}
   * @param peer cluster peer (unsupported)
   * @param namespace empty or {@code default}
   * @param partition empty or {@code default}
   * @param samenessGroup sameness group (unsupported)
   * @param action {@code allow}/{@code deny}
   * @param permissions L7 permissions
   * @param precedence read-only, ignored
   * @param type empty or {@code consul}
   * @param description free text
   * @param legacyId the intention ID (see the class comment)
   * @param legacyMeta read-only, ignored
   * @param legacyCreateTime read-only, ignored
   * @param legacyUpdateTime read-only, ignored
   */
  record SourceInput(
      @JsonProperty("Name") String name,
      @JsonProperty("Peer") String peer,
      @JsonProperty("Namespace") String namespace,
      @JsonProperty("Partition") String partition,
      @JsonProperty("SamenessGroup") String samenessGroup,
      @JsonProperty("Action") String action,
      @JsonProperty("Permissions") List<IntentionPermission> permissions,
      @JsonProperty("Precedence") Integer precedence,
      @JsonProperty("Type") String type,
      @JsonProperty("Description") String description,
      @JsonProperty("LegacyID") String legacyId,
      @JsonProperty("LegacyMeta") Map<String, String> legacyMeta,
      @JsonProperty("LegacyCreateTime") JsonNode legacyCreateTime,
      @JsonProperty("LegacyUpdateTime") JsonNode legacyUpdateTime) {}

  /**
   * @param value an entry or source name
   * @param field the field (for the message)
   * @return the name
   * @throws HttpError 400 when empty or a partial wildcard
   */
  static String name(String value, String field) {
    if (value == null || value.isEmpty()) {
      throw HttpError.badRequest(field + " is required");
    }
    if (IntentionValidator.partialWildcard(value)) {
      throw HttpError.badRequest(
          field
              + " '"
              + value
              + "' is invalid: wildcard character '*' can only be used as the whole name");
    }
    if (value.contains("/")) {
      throw HttpError.badRequest(field + " '" + value + "' is invalid: it may not contain '/'");
    }
    return value;
  }

  private static void unsupported(String value, String field) {
    if (value != null && !value.isEmpty()) {
      throw HttpError.badRequest(
          field + " is not supported by this server (no cluster peering or sameness groups)");
    }
  }

  /**
   * Validates a decoded body and builds the write.
   *
   * @param in the body (null → 400)
   * @param s the current state (to check {@code LegacyID}s)
   * @param newIds generates IDs for new sources
   * @param cas the {@code ?cas} value, or null
   * @param now the write time
   * @return the command
   * @throws HttpError 400 naming the broken rule
   */
  static Command.SetIntentionEntry command(
      Input in, StateSnapshot s, Supplier<String> newIds, Long cas, Instant now) {
    if (in == null) {
      throw HttpError.badRequest("Request decode failed: missing config entry body");
    }
    String dest = name(in.name(), "Name");
    IntentionValidator.namespace(in.namespace(), "Namespace");
    IntentionValidator.namespace(in.partition(), "Partition");
    if (in.jwt() != null && !in.jwt().isNull()) {
      throw HttpError.badRequest("JWT is not supported by this server");
    }
    List<IntentionSource> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    List<SourceInput> sources = in.sources() == null ? List.of() : in.sources();
    for (int i = 0; i < sources.size(); i++) {
      SourceInput src = sources.get(i);
      String where = "Sources[" + i + "]";
      if (src == null) {
        throw HttpError.badRequest(where + " is null");
      }
      String name = name(src.name(), where + ".Name");
      if (!seen.add(name)) {
        throw HttpError.badRequest(where + " defines \"" + name + "\" more than once");
      }
      unsupported(src.peer(), where + ".Peer");
      unsupported(src.samenessGroup(), where + ".SamenessGroup");
      IntentionValidator.namespace(src.namespace(), where + ".Namespace");
      IntentionValidator.namespace(src.partition(), where + ".Partition");
      Intention asIntention =
          new Intention(
              null,
              src.description(),
              null,
              name,
              null,
              dest,
              src.type(),
              src.action(),
              src.permissions(),
              null,
              0,
              null,
              null,
              0,
              0);
      try {
        IntentionValidator.body(asIntention, dest);
        ServiceProtocol.check(s, asIntention, dest);
      } catch (HttpError e) {
        throw new HttpError(e.status(), where + " (" + name + "): " + e.getMessage());
      }
      out.add(
          new IntentionSource(
              name,
              IntentionValidator.action(asIntention),
              IntentionValidator.permissions(asIntention),
              src.description(),
              newId(src.legacyId(), s.intention(name, dest), s, where, newIds)));
    }
    return new Command.SetIntentionEntry(dest, in.meta(), out, cas, now);
  }

  private static String newId(
      String legacyId, Intention existing, StateSnapshot s, String where, Supplier<String> newIds) {
    if (legacyId == null || legacyId.isEmpty()) {
      return existing != null ? existing.id() : newIds.get();
    }
    String id;
    try {
      id = IntentionValidator.id(legacyId);
    } catch (HttpError e) {
      throw HttpError.badRequest(where + ".LegacyID: " + e.getMessage());
    }
    if (existing != null && !existing.id().equals(id)) {
      throw HttpError.badRequest(
          where
              + ".LegacyID '"
              + legacyId
              + "' does not match the ID of the existing intention "
              + existing.sourceName()
              + " => "
              + existing.destinationName()
              + " ("
              + existing.id()
              + "); omit it");
    }
    Intention owner = s.intentionById(id);
    if (existing == null && owner != null) {
      throw HttpError.badRequest(
          where
              + ".LegacyID '"
              + legacyId
              + "' belongs to the intention "
              + owner.sourceName()
              + " => "
              + owner.destinationName()
              + "; omit it");
    }
    return id;
  }

  /**
   * @param e the entry
   * @param sources its intentions in evaluation order
   * @return the response shape (see the class comment)
   */
  static Map<String, Object> entry(IntentionEntry e, List<Intention> sources) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Kind", KIND);
    m.put("Name", e.name());
    List<Map<String, Object>> out = new ArrayList<>(sources.size());
    for (Intention i : sources) {
      Map<String, Object> src = new LinkedHashMap<>();
      src.put("Name", i.sourceName());
      src.put("Action", i.isL7() ? null : i.action());
      src.put("Permissions", i.isL7() ? i.permissions() : null);
      src.put("Precedence", i.precedence());
      src.put("Type", "consul");
      src.put(
          "Description",
          i.description() == null || i.description().isEmpty() ? null : i.description());
      src.put("LegacyID", i.id());
      src.put("LegacyMeta", i.meta() == null || i.meta().isEmpty() ? null : i.meta());
      src.put("LegacyCreateTime", i.createdAt());
      src.put("LegacyUpdateTime", i.updatedAt());
      out.add(src);
    }
    m.put("Sources", out);
    m.put("Meta", e.meta() == null || e.meta().isEmpty() ? null : e.meta());
    m.put("CreateIndex", e.createIndex());
    m.put("ModifyIndex", e.modifyIndex());
    return m;
  }
}
