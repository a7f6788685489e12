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
package io.nativemesh.core.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.nativemesh.core.intention.IntentionPrecedence;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A service intention; Consul API: {@code /v1/connect/intentions/*} (legacy form of the {@code
 * service-intentions} config entry). An intention either has an L4 {@link #action()} or L7 {@link
 * #permissions()}, never both.
 *
 * @param id UUID (legacy ID-based endpoints)
 * @param description free text
 * @param sourceNs source namespace ({@code "default"} in CE)
 * @param sourceName source service name or {@code "*"}
 * @param destinationNs destination namespace
 * @param destinationName destination service name or {@code "*"}
 * @param sourceType always {@code "consul"}
 * @param action {@code "allow"} or {@code "deny"} (L4), null when {@code permissions} are set
 * @param permissions L7 permissions evaluated top-down, null for L4 intentions
 * @param meta user metadata
 * @param precedence 9, 8, 6 or 5 in CE (higher wins); see {@link
 *     io.nativemesh.core.intention.IntentionPrecedence}
 * @param createdAt creation time
 * @param updatedAt last update time
 * @param createIndex Raft index of creation
 * @param modifyIndex Raft index of last modification
 * @since 0.1.0
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Intention(
    @JsonProperty("ID") String id,
    @JsonProperty("Description") String description,
    @JsonProperty("SourceNS") String sourceNs,
    @JsonProperty("SourceName") String sourceName,
    @JsonProperty("DestinationNS") String destinationNs,
    @JsonProperty("DestinationName") String destinationName,
    @JsonProperty("SourceType") String sourceType,
    @JsonProperty("Action") String action,
    @JsonProperty("Permissions") List<IntentionPermission> permissions,
    @JsonProperty("Meta") Map<String, String> meta,
    @JsonProperty("Precedence") int precedence,
    @JsonProperty("CreatedAt") Instant createdAt,
    @JsonProperty("UpdatedAt") Instant updatedAt,
    @JsonProperty("CreateIndex") long createIndex,
    @JsonProperty("ModifyIndex") long modifyIndex) {

  /**
   * @return true if this intention carries L7 permissions instead of an L4 action (not a JSON
   *     field)
   */
  @JsonIgnore
  public boolean isL7() {
    return permissions != null && !permissions.isEmpty();
  }

  /**
   * @return a short human description, e.g. {@code "greeter => greeting (allow, precedence 9)"}
   */
  public String describe() {
    String what = isL7() ? "L7, " + permissions.size() + " permissions" : action;
    int p = precedence != 0 ? precedence : IntentionPrecedence.of(this);
    return sourceName + " => " + destinationName + " (" + what + ", precedence " + p + ")";
  }
}
