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

import io.nativemesh.core.intention.IntentionPrecedence;
import io.nativemesh.core.model.Intention;
import io.nativemesh.core.model.IntentionPermission;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Intention and {@code service-intentions} config entry commands of the {@link StateMachine}. As in
 * Consul ≥ 1.9 both APIs share one store: the intentions of a destination are the sources of its
 * config entry, so a legacy write creates or updates the entry and a config entry write replaces
 * the destination's intentions. An intention's ID never changes once assigned, whichever API writes
 * it. Invariant: every intention's destination has an {@link IntentionEntry}; an entry disappears
 * when a legacy delete removes its last source, or through {@link Command.DeleteIntentionEntry}.
 * Stateless.
 */
final class IntentionMachine {
  private IntentionMachine() {}

  private static String key(String source, String destination) {
    return StateSnapshot.intentionKey(source, destination);
  }

  static Intention upsert(Mutation m, Command.UpsertIntention c) {
    Intention old = m.intentionsView().get(key(c.sourceName(), c.destinationName()));
    Intention next =
        put(
            m,
            old,
            old == null ? c.newId() : old.id(),
            c.sourceName(),
            c.destinationName(),
            c.action(),
            c.permissions(),
            c.description(),
            c.meta(),
            c.now());
    touchEntry(m, c.destinationName());
    return next;
  }

  static IntentionWrite create(Mutation m, Command.CreateIntention c) {
    Intention old = m.intentionsView().get(key(c.sourceName(), c.destinationName()));
    if (old != null) {
      return IntentionWrite.pairTaken(old);
    }
    requireUnusedId(m, c.newId());
    Intention next =
        put(
            m,
            null,
            c.newId(),
            c.sourceName(),
            c.destinationName(),
            c.action(),
            c.permissions(),
            c.description(),
            c.meta(),
            c.now());
    touchEntry(m, c.destinationName());
    return IntentionWrite.written(next);
  }

  static IntentionWrite update(Mutation m, Command.UpdateIntention c) {
    Intention old = byId(m, c.id());
    if (old == null) {
      return IntentionWrite.notFound();
    }
    Intention taken = m.intentionsView().get(key(c.sourceName(), c.destinationName()));
    if (taken != null && !taken.id().equals(c.id())) {
      return IntentionWrite.pairTaken(taken);
    }
    Intention next =
        put(
            m,
            old,
            c.id(),
            c.sourceName(),
            c.destinationName(),
            c.action(),
            c.permissions(),
            c.description(),
            c.meta(),
            c.now());
    if (taken == null) {
      // moved to another pair: the old key goes; the old destination's entry loses a source
      m.intentions().remove(key(old.sourceName(), old.destinationName()));
      if (!old.destinationName().equals(c.destinationName())) {
        afterRemoval(m, old.destinationName());
      }
    }
    touchEntry(m, c.destinationName());
    return IntentionWrite.written(next);
  }

  static Boolean delete(Mutation m, Command.DeleteIntention c) {
    Intention old = m.intentionsView().get(key(c.sourceName(), c.destinationName()));
    return old != null && remove(m, old);
  }

  static Boolean deleteById(Mutation m, Command.DeleteIntentionById c) {
    Intention old = byId(m, c.id());
    return old != null && remove(m, old);
  }

  static Boolean setEntry(Mutation m, Command.SetIntentionEntry c) {
    IntentionEntry old = m.intentionEntriesView().get(c.name());
    if (c.cas() != null
        && (c.cas() == 0 ? old != null : old == null || old.modifyIndex() != c.cas())) {
      return Boolean.FALSE;
    }
    Set<String> listed = new HashSet<>();
    for (IntentionSource s : c.sources()) {
      listed.add(s.sourceName());
      Intention prev = m.intentionsView().get(key(s.sourceName(), c.name()));
      if (prev != null
          && Objects.equals(prev.action(), s.action())
          && Objects.equals(prev.permissions(), s.permissions())
          && Objects.equals(prev.description(), s.description())) {
        continue; // unchanged source: keeps its indexes and UpdatedAt
      }
      if (prev == null) {
        requireUnusedId(m, s.newId());
      }
      put(
          m,
          prev,
          prev == null ? s.newId() : prev.id(),
          s.sourceName(),
          c.name(),
          s.action(),
          s.permissions(),
          s.description(),
          prev == null ? null : prev.meta(),
          c.now());
    }
    for (Intention i : ofDestination(m, c.name())) {
      if (!listed.contains(i.sourceName())) {
        m.intentions().remove(key(i.sourceName(), i.destinationName()));
      }
    }
    m.intentionEntries()
        .put(
            c.name(),
            new IntentionEntry(
                c.name(), c.meta(), old == null ? m.index : old.createIndex(), m.index));
    m.touch(Table.INTENTIONS);
    return Boolean.TRUE;
  }

  static Boolean deleteEntry(Mutation m, Command.DeleteIntentionEntry c) {
    IntentionEntry old = m.intentionEntriesView().get(c.name());
    if (old == null || c.cas() != null && old.modifyIndex() != c.cas()) {
      return Boolean.FALSE;
    }
    for (Intention i : ofDestination(m, c.name())) {
      m.intentions().remove(key(i.sourceName(), i.destinationName()));
    }
    m.intentionEntries().remove(c.name());
    m.touch(Table.INTENTIONS);
    return Boolean.TRUE;
  }

  private static Intention put(
      Mutation m,
      Intention old,
      String id,
      String source,
      String destination,
      String action,
      List<IntentionPermission> permissions,
      String description,
      Map<String, String> meta,
      Instant now) {
    int precedence = IntentionPrecedence.compute("default", source, "default", destination);
    Intention next =
        new Intention(
            id,
            description,
            "default",
            source,
            "default",
            destination,
            "consul",
            action,
            permissions,
            meta,
            precedence,
            old == null ? now : old.createdAt(),
            now,
            old == null ? m.index : old.createIndex(),
            m.index);
    m.intentions().put(key(source, destination), next);
    m.touch(Table.INTENTIONS);
    return next;
  }

  private static boolean remove(Mutation m, Intention i) {
    m.intentions().remove(key(i.sourceName(), i.destinationName()));
    m.touch(Table.INTENTIONS);
    afterRemoval(m, i.destinationName());
    return true;
  }

  /** Consul: a legacy delete of an entry's last source deletes the entry. */
  private static void afterRemoval(Mutation m, String destination) {
    if (ofDestination(m, destination).isEmpty()) {
      m.intentionEntries().remove(destination);
    } else {
      touchEntry(m, destination);
    }
  }

  /**
   * A legacy write creates the destination's entry or bumps its ModifyIndex; the entry's Meta
   * stays.
   */
  private static void touchEntry(Mutation m, String destination) {
    IntentionEntry e = m.intentionEntriesView().get(destination);
    m.intentionEntries()
        .put(
            destination,
            new IntentionEntry(
                destination,
                e == null ? null : e.meta(),
                e == null ? m.index : e.createIndex(),
                m.index));
  }

  private static List<Intention> ofDestination(Mutation m, String destination) {
    return StateSnapshot.intentionsWithDestination(m.intentionsView(), destination);
  }

  private static Intention byId(Mutation m, String id) {
    return StateSnapshot.intentionById(m.intentionsView(), id);
  }

  private static void requireUnusedId(Mutation m, String id) {
    if (byId(m, id) != null) {
      throw new IntentionIdInUseException(id);
    }
  }
}
