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

/**
 * Config entry commands (kinds other than {@code service-intentions}) applied to a {@link
 * Mutation}, with Consul's check-and-set rules. Stateless.
 */
final class ConfigEntryMachine {
  private ConfigEntryMachine() {}

  static Boolean set(Mutation m, Command.SetConfigEntry c) {
    String key = ConfigEntry.key(c.kind(), c.name());
    ConfigEntry old = m.state.configEntries().get(key);
    if (c.cas() != null && (old == null ? c.cas() != 0 : old.modifyIndex() != c.cas())) {
      return false;
    }
    m.configEntries()
        .put(
            key,
            new ConfigEntry(
                c.kind(), c.name(), c.body(), old == null ? m.index : old.createIndex(), m.index));
    m.touch(Table.CONFIG_ENTRIES);
    return true;
  }

  static Boolean delete(Mutation m, Command.DeleteConfigEntry c) {
    String key = ConfigEntry.key(c.kind(), c.name());
    ConfigEntry old = m.state.configEntries().get(key);
    if (old == null || c.cas() != null && old.modifyIndex() != c.cas()) {
      return false;
    }
    m.configEntries().remove(key);
    m.touch(Table.CONFIG_ENTRIES);
    return true;
  }
}
