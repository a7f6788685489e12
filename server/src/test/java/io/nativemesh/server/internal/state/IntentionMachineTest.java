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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nativemesh.core.model.Intention;
import io.nativemesh.server.internal.storage.StateCodec;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Legacy intentions and service-intentions config entries share one store. */
class IntentionMachineTest {
  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

  private static IntentionSource allow(String source, String newId) {
    return new IntentionSource(source, "allow", null, null, newId);
  }

  @Test
  void entryWriteKeepsIdsOfExistingSourcesAndReplacesTheRest() {
    StateStore s = new StateStore();
    s.apply(
        new Command.UpsertIntention(
            "web", "db", "deny", null, null, Map.of("k", "v"), "id-web", T0));
    s.apply(new Command.UpsertIntention("old", "db", "allow", null, null, null, "id-old", T0));
    IntentionEntry before = s.snapshot().intentionEntries().get("db");
    assertEquals(1, before.createIndex());
    assertEquals(2, before.modifyIndex());

    assertTrue(
        s.apply(
                new Command.SetIntentionEntry(
                    "db",
                    Map.of("owner", "x"),
                    List.of(allow("web", "unused"), allow("api", "id-api")),
                    null,
                    T0.plusSeconds(1)))
            .result());
    StateSnapshot x = s.snapshot();
    assertEquals("id-web", x.intention("web", "db").id(), "an existing source keeps its ID");
    assertEquals(Map.of("k", "v"), x.intention("web", "db").meta(), "and its legacy Meta");
    assertEquals(1, x.intention("web", "db").createIndex());
    assertEquals("allow", x.intention("web", "db").action());
    assertEquals("id-api", x.intention("api", "db").id());
    assertNull(x.intention("old", "db"), "unlisted sources are deleted");
    assertEquals(
        new IntentionEntry("db", Map.of("owner", "x"), 1, 3), x.intentionEntries().get("db"));

    // an unchanged source is not rewritten
    s.apply(
        new Command.SetIntentionEntry(
            "db", null, List.of(allow("web", "u2"), allow("api", "u3")), null, T0.plusSeconds(2)));
    assertEquals(3, s.snapshot().intention("web", "db").modifyIndex());
    assertEquals(4, s.snapshot().intentionEntries().get("db").modifyIndex());
  }

  @Test
  void casOnWriteAndDelete() {
    StateStore s = new StateStore();
    assertFalse(
        s.apply(new Command.SetIntentionEntry("db", null, List.of(), 5L, T0)).result(),
        "cas=N on a missing entry fails");
    assertTrue(s.apply(new Command.SetIntentionEntry("db", null, List.of(), 0L, T0)).result());
    assertTrue(s.snapshot().intentionEntries().containsKey("db"), "an entry may have no sources");
    assertFalse(
        s.apply(new Command.SetIntentionEntry("db", null, List.of(), 0L, T0)).result(),
        "cas=0 on an existing entry fails");
    long modify = s.snapshot().intentionEntries().get("db").modifyIndex();
    assertFalse(
        s.apply(
                new Command.SetIntentionEntry(
                    "db", null, List.of(allow("a", "i1")), modify + 1, T0))
            .result());
    assertTrue(
        s.apply(new Command.SetIntentionEntry("db", null, List.of(allow("a", "i1")), modify, T0))
            .result());
    long now = s.snapshot().intentionEntries().get("db").modifyIndex();
    assertFalse(s.apply(new Command.DeleteIntentionEntry("db", now - 1)).result());
    assertTrue(s.apply(new Command.DeleteIntentionEntry("db", now)).result());
    assertTrue(s.snapshot().intentions().isEmpty());
    assertTrue(s.snapshot().intentionEntries().isEmpty());
  }

  @Test
  void legacyDeleteOfTheLastSourceDeletesTheEntry() {
    StateStore s = new StateStore();
    s.apply(new Command.CreateIntention("a", "db", "allow", null, null, null, "i1", T0));
    s.apply(new Command.CreateIntention("b", "db", "allow", null, null, null, "i2", T0));
    assertTrue(s.apply(new Command.DeleteIntentionById("i1")).result());
    assertEquals(3, s.snapshot().intentionEntries().get("db").modifyIndex());
    assertTrue(s.apply(new Command.DeleteIntention("b", "db")).result());
    assertFalse(s.snapshot().intentionEntries().containsKey("db"));
    assertFalse(s.apply(new Command.DeleteIntentionById("i1")).result());
  }

  @Test
  void createRefusesATakenPairAndUpdateMovesWithItsId() {
    StateStore s = new StateStore();
    s.apply(new Command.CreateIntention("a", "db", "allow", null, null, null, "i1", T0));
    IntentionWrite dup =
        s.apply(new Command.CreateIntention("a", "db", "deny", null, null, null, "i2", T0))
            .result();
    assertEquals(IntentionWrite.Outcome.PAIR_TAKEN, dup.outcome());
    assertEquals("i1", dup.intention().id(), "the existing intention is returned unchanged");
    assertEquals("allow", s.snapshot().intention("a", "db").action());
    assertThrows(
        IntentionIdInUseException.class,
        () -> s.apply(new Command.CreateIntention("z", "db", "deny", null, null, null, "i1", T0)),
        "IDs are unique");

    IntentionWrite write =
        s.apply(
                new Command.UpdateIntention(
                    "i1", "a", "cache", "deny", null, null, null, T0.plusSeconds(1)))
            .result();
    assertEquals(IntentionWrite.Outcome.WRITTEN, write.outcome());
    Intention moved = write.intention();
    assertEquals("i1", moved.id());
    assertEquals(1, moved.createIndex());
    assertEquals(T0, moved.createdAt());
    assertNull(s.snapshot().intention("a", "db"));
    assertFalse(s.snapshot().intentionEntries().containsKey("db"));
    assertTrue(s.snapshot().intentionEntries().containsKey("cache"));
    IntentionWrite missing =
        s.apply(new Command.UpdateIntention("nope", "a", "b", "deny", null, null, null, T0))
            .result();
    assertEquals(IntentionWrite.Outcome.NOT_FOUND, missing.outcome());
    assertNull(missing.intention());
  }

  @Test
  void snapshotsWithoutEntriesDeriveThemFromIntentions() throws Exception {
    StateStore s = new StateStore();
    s.apply(new Command.UpsertIntention("a", "db", "allow", null, null, null, "i1", T0));
    s.apply(new Command.UpsertIntention("b", "db", "allow", null, null, null, "i2", T0));
    ObjectMapper m = new ObjectMapper();
    ObjectNode tree = (ObjectNode) m.readTree(StateCodec.encode(s.snapshot()));
    assertTrue(tree.remove("intentionEntries") != null, "the field this server writes");
    StateSnapshot old = StateCodec.decodeSnapshot(m.writeValueAsBytes(tree));
    assertEquals(new IntentionEntry("db", null, 1, 2), old.intentionEntries().get("db"));
  }
}
