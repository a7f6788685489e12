package io.nativemesh.server.internal.state;

import java.util.Map;

/**
 * The entry-level part of a {@code service-intentions} config entry (docs/consul-api.md,
 * "service-intentions config entries";
 * {@code api/config_entry_intentions.go}). Since Consul 1.9 the config entry is the storage of
 * intentions: its {@code Sources} are exactly the intentions whose destination is {@link #name()},
 * which {@link StateSnapshot#intentions()} holds; this record keeps only what belongs to the entry
 * itself. An entry exists while it was written through {@code PUT /v1/config} or has at least one
 * intention. Immutable.
 *
 * @param name the destination service name or {@code *}
 * @param meta the entry's {@code Meta}, may be null
 * @param createIndex index of creation
 * @param modifyIndex index of the last change to the entry or any of its sources
 */
public record IntentionEntry(String name, Map<String, String> meta, long createIndex, long modifyIndex) {
  /** Copies the metadata. */
  public IntentionEntry {
    meta = meta == null ? null : Map.copyOf(meta);
  }
}
