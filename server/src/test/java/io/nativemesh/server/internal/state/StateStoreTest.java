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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nativemesh.core.model.AgentService;
import io.nativemesh.core.model.ConnectSettings;
import io.nativemesh.core.model.HealthCheck;
import io.nativemesh.core.model.Weights;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StateStoreTest {
  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

  private static List<Command> script() {
    AgentService web =
        new AgentService(
            "",
            "web-1",
            "web",
            List.of("a"),
            "",
            Map.of(),
            80,
            Weights.DEFAULT,
            false,
            new ConnectSettings(true),
            "dc1",
            null,
            0,
            0);
    StoredCheck ttl =
        new StoredCheck(
            new HealthCheck(
                "n",
                "service:web-1",
                "c",
                "critical",
                "",
                "",
                "web-1",
                "web",
                List.of(),
                "ttl",
                0,
                0),
            Duration.ofSeconds(10));
    return List.of(
        new Command.RegisterNode("id", "n", "127.0.0.1", "dc1"),
        new Command.RegisterService(web, List.of(ttl)),
        new Command.UpdateCheck("service:web-1", "passing", "ok"),
        new Command.UpdateCheck("service:web-1", "passing", "ok"),
        new Command.UpsertIntention("web", "db", "allow", null, null, null, "uuid-1", T0),
        new Command.UpsertIntention(
            "web", "db", "deny", null, "d", null, "uuid-2", T0.plusSeconds(5)),
        new Command.DeregisterService("nope"));
  }

  @Test
  void replayingTheSameCommandsGivesTheSameState() {
    StateStore a = new StateStore();
    StateStore b = new StateStore();
    script().forEach(a::apply);
    script().forEach(b::apply);
    StateSnapshot x = a.snapshot();
    StateSnapshot y = b.snapshot();
    assertEquals(7, x.index());
    assertEquals(x.tableIndexes(), y.tableIndexes());
    assertEquals(x.services(), y.services());
    assertEquals(x.checks(), y.checks());
    assertEquals(x.intentions(), y.intentions());
    assertEquals("uuid-1", x.intention("web", "db").id(), "upsert keeps the ID");
    assertEquals(5, x.intention("web", "db").createIndex());
    assertEquals(6, x.intention("web", "db").modifyIndex());
    assertEquals(3, x.indexOf(Table.CHECKS), "an unchanged check update touches nothing");
    assertEquals(0, x.indexOf(Table.CA_ROOTS));
  }

  @Test
  void watchesFireOnlyForTouchedTablesAndCancelUnregisters() {
    StateStore s = new StateStore();
    Watch intentions = s.watch(List.of(Table.INTENTIONS));
    Watch services = s.watch(List.of(Table.SERVICES, Table.CHECKS));
    s.apply(new Command.UpsertIntention("a", "b", "allow", null, null, null, "u", T0));
    assertTrue(intentions.fired().isDone());
    assertFalse(services.fired().isDone());
    assertEquals(2, s.parkedWatchers());
    services.cancel();
    assertEquals(0, s.parkedWatchers());
  }

  @Test
  void invariantsAreEnforced() {
    StateStore s = new StateStore();
    assertThrows(IllegalStateException.class, () -> s.apply(new Command.ReserveLeafSerial()));
    assertEquals(0, s.snapshot().index(), "a rejected command leaves the state unchanged");
  }
}
