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
package io.nativemesh.server.internal.storage;

import io.nativemesh.server.internal.state.Command;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The registry of log entry types: each {@link Command} type and the explicit name its entries
 * carry on disk (its wire name). This list, not the Java class, defines the command log's format.
 *
 * <h2>On-disk format</h2>
 *
 * {@code <data-dir>/state.mv.db} is one H2 MVStore file ({@link MvStoreLog}) with two maps:
 *
 * <ul>
 *   <li>{@code log}: index (a {@code long}) → one command, stored as the ASCII wire name, a {@code
 *       '\n'}, then the command record as JSON with its component names as keys ({@link
 *       StateCodec});
 *   <li>{@code meta}: {@code snapshot} → the whole state at {@code snapshotIndex} as JSON, {@code
 *       snapshotIndex} → that index in ASCII decimal.
 * </ul>
 *
 * On start the server decodes the snapshot and replays the log entries after it.
 * docs/server-state-format.md describes the JSON conventions.
 *
 * <h2>Rules</h2>
 *
 * <ul>
 *   <li>A wire name never changes and is never reused. Renaming a Java command class (or moving it)
 *       is safe: this registry refers to the class itself, and the name written to disk is the
 *       string below, so an existing {@code -data-dir} still loads. The codec never derives a name
 *       from a class.
 *   <li>A new command adds a constant here with a new wire name and adds that name to {@code
 *       src/test/resources/compat/command-wire-names.txt}; {@code CommandTypeTest} fails until both
 *       agree, so a change to the set of names is always deliberate.
 *   <li>A format change (removing a command, renaming or retyping a record component, changing the
 *       JSON a component produces, changing the snapshot) adds a migration that reads the old form,
 *       never a silent reset. An entry the server cannot read (e.g. an unknown wire name) stops
 *       startup with an error naming the file and the entry; it is never skipped. {@code
 *       StateCompatibilityTest} loads a data directory written by 0.1.0 to keep this honest.
 * </ul>
 *
 * Immutable and thread-safe.
 */
public enum CommandType {
  /** {@link Command.RegisterNode}. */
  REGISTER_NODE("RegisterNode", Command.RegisterNode.class),
  /** {@link Command.RegisterService}. */
  REGISTER_SERVICE("RegisterService", Command.RegisterService.class),
  /** {@link Command.DeregisterService}. */
  DEREGISTER_SERVICE("DeregisterService", Command.DeregisterService.class),
  /** {@link Command.UpdateCheck}. */
  UPDATE_CHECK("UpdateCheck", Command.UpdateCheck.class),
  /** {@link Command.UpsertIntention}. */
  UPSERT_INTENTION("UpsertIntention", Command.UpsertIntention.class),
  /** {@link Command.DeleteIntention}. */
  DELETE_INTENTION("DeleteIntention", Command.DeleteIntention.class),
  /** {@link Command.CreateIntention}. */
  CREATE_INTENTION("CreateIntention", Command.CreateIntention.class),
  /** {@link Command.UpdateIntention}. */
  UPDATE_INTENTION("UpdateIntention", Command.UpdateIntention.class),
  /** {@link Command.DeleteIntentionById}. */
  DELETE_INTENTION_BY_ID("DeleteIntentionById", Command.DeleteIntentionById.class),
  /** {@link Command.SetIntentionEntry}. */
  SET_INTENTION_ENTRY("SetIntentionEntry", Command.SetIntentionEntry.class),
  /** {@link Command.DeleteIntentionEntry}. */
  DELETE_INTENTION_ENTRY("DeleteIntentionEntry", Command.DeleteIntentionEntry.class),
  /** {@link Command.BootstrapCa}. */
  BOOTSTRAP_CA("BootstrapCa", Command.BootstrapCa.class),
  /** {@link Command.SetCaConfig}. */
  SET_CA_CONFIG("SetCaConfig", Command.SetCaConfig.class),
  /** {@link Command.RotateCaRoot}. */
  ROTATE_CA_ROOT("RotateCaRoot", Command.RotateCaRoot.class),
  /** {@link Command.PruneCaRoots}. */
  PRUNE_CA_ROOTS("PruneCaRoots", Command.PruneCaRoots.class),
  /** {@link Command.Txn}. */
  TXN("Txn", Command.Txn.class),
  /** {@link Command.CreateSession}. */
  CREATE_SESSION("CreateSession", Command.CreateSession.class),
  /** {@link Command.DestroySession}. */
  DESTROY_SESSION("DestroySession", Command.DestroySession.class),
  /** {@link Command.CatalogRegister}. */
  CATALOG_REGISTER("CatalogRegister", Command.CatalogRegister.class),
  /** {@link Command.CatalogDeregister}. */
  CATALOG_DEREGISTER("CatalogDeregister", Command.CatalogDeregister.class),
  /** {@link Command.RegisterCheck}. */
  REGISTER_CHECK("RegisterCheck", Command.RegisterCheck.class),
  /** {@link Command.DeregisterCheck}. */
  DEREGISTER_CHECK("DeregisterCheck", Command.DeregisterCheck.class),
  /** {@link Command.UpsertAclToken}. */
  UPSERT_ACL_TOKEN("UpsertAclToken", Command.UpsertAclToken.class),
  /** {@link Command.DeleteAclToken}. */
  DELETE_ACL_TOKEN("DeleteAclToken", Command.DeleteAclToken.class),
  /** {@link Command.ReserveLeafSerial}. */
  RESERVE_LEAF_SERIAL("ReserveLeafSerial", Command.ReserveLeafSerial.class),
  /** {@link Command.UpsertAclPolicy}. */
  UPSERT_ACL_POLICY("UpsertAclPolicy", Command.UpsertAclPolicy.class),
  /** {@link Command.DeleteAclPolicy}. */
  DELETE_ACL_POLICY("DeleteAclPolicy", Command.DeleteAclPolicy.class),
  /** {@link Command.UpsertAclRole}. */
  UPSERT_ACL_ROLE("UpsertAclRole", Command.UpsertAclRole.class),
  /** {@link Command.DeleteAclRole}. */
  DELETE_ACL_ROLE("DeleteAclRole", Command.DeleteAclRole.class),
  /** {@link Command.SetConfigEntry}. */
  SET_CONFIG_ENTRY("SetConfigEntry", Command.SetConfigEntry.class),
  /** {@link Command.DeleteConfigEntry}. */
  DELETE_CONFIG_ENTRY("DeleteConfigEntry", Command.DeleteConfigEntry.class),
  /** {@link Command.UpsertPreparedQuery}. */
  UPSERT_PREPARED_QUERY("UpsertPreparedQuery", Command.UpsertPreparedQuery.class),
  /** {@link Command.DeletePreparedQuery}. */
  DELETE_PREPARED_QUERY("DeletePreparedQuery", Command.DeletePreparedQuery.class),
  /** {@link Command.CatalogTxn}. */
  CATALOG_TXN("CatalogTxn", Command.CatalogTxn.class),
  /** {@link Command.Restore}. */
  RESTORE("Restore", Command.Restore.class);

  private static final Map<Class<?>, CommandType> BY_CLASS = new HashMap<>();
  private static final Map<String, CommandType> BY_WIRE_NAME = new HashMap<>();

  static {
    for (CommandType t : values()) {
      BY_CLASS.put(t.commandClass, t);
      BY_WIRE_NAME.put(t.wireName, t);
    }
  }

  private final String wireName;
  private final Class<? extends Command<?>> commandClass;

  CommandType(String wireName, Class<? extends Command<?>> commandClass) {
    this.wireName = wireName;
    this.commandClass = commandClass;
  }

  /**
   * @return the name entries of this type carry on disk, e.g. {@code Txn}; never changes
   */
  public String wireName() {
    return wireName;
  }

  /**
   * @return the command record this type decodes to
   */
  public Class<? extends Command<?>> commandClass() {
    return commandClass;
  }

  /**
   * @param command a command
   * @return its type
   * @throws IllegalArgumentException if the command's type is not registered (a new command without
   *     a constant here)
   */
  public static CommandType of(Command<?> command) {
    CommandType t = BY_CLASS.get(command.getClass());
    if (t == null) {
      throw new IllegalArgumentException(
          "no wire name registered for "
              + command.getClass()
              + ": add it to CommandType and to compat/command-wire-names.txt");
    }
    return t;
  }

  /**
   * @param wireName a name read from a log entry
   * @return its type, or null if no type has that name
   */
  public static CommandType forWireName(String wireName) {
    return BY_WIRE_NAME.get(wireName);
  }

  /**
   * @return every wire name, in declaration order
   */
  public static List<String> wireNames() {
    List<String> out = new ArrayList<>();
    for (CommandType t : values()) {
      out.add(t.wireName);
    }
    return out;
  }
}
