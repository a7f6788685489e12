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

import java.util.Map;

/**
 * The entry-level part of a {@code service-intentions} config entry (docs/consul-api.md,
 * "service-intentions config entries"; {@code api/config_entry_intentions.go}). Since Consul 1.9
 * the config entry is the storage of intentions: its {@code Sources} are exactly the intentions
 * whose destination is {@link #name()}, which {@link StateSnapshot#intentions()} holds; this record
 * keeps only what belongs to the entry itself. An entry exists while it was written through {@code
 * PUT /v1/config} or has at least one intention. Immutable.
 *
 * @param name the destination service name or {@code *}
 * @param meta the entry's {@code Meta}, may be null
 * @param createIndex index of creation
 * @param modifyIndex index of the last change to the entry or any of its sources
 */
public record IntentionEntry(
    String name, Map<String, String> meta, long createIndex, long modifyIndex) {
  /** Copies the metadata. */
  public IntentionEntry {
    meta = meta == null ? null : Map.copyOf(meta);
  }
}
