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

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nativemesh.core.model.AgentService;
import io.nativemesh.core.model.ConnectSettings;
import io.nativemesh.core.model.HealthCheck;
import io.nativemesh.core.model.IntentionHttpPermission;
import io.nativemesh.core.model.IntentionPermission;
import io.nativemesh.core.model.Node;
import io.nativemesh.core.model.Weights;
import io.nativemesh.server.internal.ca.RootGenerator;
import io.nativemesh.server.internal.state.AclPolicy;
import io.nativemesh.server.internal.state.AclRole;
import io.nativemesh.server.internal.state.AclToken;
import io.nativemesh.server.internal.state.CaConfig;
import io.nativemesh.server.internal.state.CheckSpec;
import io.nativemesh.server.internal.state.Command;
import io.nativemesh.server.internal.state.IntentionSource;
import io.nativemesh.server.internal.state.KvOp;
import io.nativemesh.server.internal.state.KvVerb;
import io.nativemesh.server.internal.state.PreparedQuery;
import io.nativemesh.server.internal.state.Session;
import io.nativemesh.server.internal.state.StateSnapshot;
import io.nativemesh.server.internal.state.StoredCheck;
import io.nativemesh.server.internal.state.TxnOp;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The log's type registry is complete, unambiguous and changes only deliberately; every command
 * round-trips.
 */
class CommandTypeTest {
  private static final Instant T0 = Instant.parse("2026-12-01T12:00:00.123456789Z");

  @Test
  void everyCommandTypeHasExactlyOneRegistryEntry() {
    Set<Class<?>> permitted = Set.of(Command.class.getPermittedSubclasses());
    Map<Class<?>, List<CommandType>> byClass = new HashMap<>();
    for (CommandType t : CommandType.values()) {
      byClass.computeIfAbsent(t.commandClass(), k -> new ArrayList<>()).add(t);
    }
    assertEquals(
        permitted, byClass.keySet(), "registered classes vs the permitted subclasses of Command");
    byClass.forEach((k, v) -> assertEquals(1, v.size(), k + " is registered more than once: " + v));
  }

  @Test
  void wireNamesAreDistinctAndEqualTheCommittedList() throws IOException {
    List<String> names = CommandType.wireNames();
    assertEquals(names.size(), new HashSet<>(names).size(), "a wire name repeats: " + names);
    for (CommandType t : CommandType.values()) {
      assertTrue(
          t.wireName().matches("[A-Za-z][A-Za-z0-9]*"),
          "wire names are plain ASCII words: " + t.wireName());
      assertSame(t, CommandType.forWireName(t.wireName()));
    }
    assertEquals(
        committedNames(),
        new TreeSet<>(names),
        "the wire names differ from compat/command-wire-names.txt: changing them changes the on-disk format");
  }

  private static TreeSet<String> committedNames() throws IOException {
    TreeSet<String> out = new TreeSet<>();
    try (InputStream in =
        CommandTypeTest.class.getResourceAsStream("/compat/command-wire-names.txt")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        String l = line.strip();
        if (!l.isEmpty() && !l.startsWith("#")) {
          assertTrue(out.add(l), "the committed list repeats " + l);
        }
      }
    }
    return out;
  }

  @Test
  void everyCommandRoundTripsUnderItsWireName() throws IOException {
    List<Command<?>> examples = examples();
    Set<CommandType> covered = EnumSet.noneOf(CommandType.class);
    for (Command<?> c : examples) {
      CommandType t = CommandType.of(c);
      covered.add(t);
      byte[] bytes = StateCodec.encode(c);
      String text = new String(bytes, StandardCharsets.UTF_8);
      assertTrue(text.startsWith(t.wireName() + "\n{"), "entry starts with its wire name: " + text);
      Command<?> back = StateCodec.decode(bytes);
      assertSame(c.getClass(), back.getClass());
      assertArrayEquals(
          bytes, StateCodec.encode(back), "re-encoding " + text + " gives the same bytes");
    }
    assertEquals(EnumSet.allOf(CommandType.class), covered, "an example for every command type");
  }

  @Test
  void kvVerbsAreLoggedAsConsulSpellsThem() throws IOException {
    List<KvOp> ops = new ArrayList<>();
    for (KvVerb v : KvVerb.values()) {
      ops.add(new KvOp(v, "k", null, 0, 0, null));
    }
    String text = new String(StateCodec.encode(new Command.Txn(ops, T0)), StandardCharsets.UTF_8);
    for (String verb :
        List.of(
            "set",
            "cas",
            "lock",
            "unlock",
            "get",
            "get-or-empty",
            "get-tree",
            "check-index",
            "check-session",
            "check-not-exists",
            "delete",
            "delete-tree",
            "delete-cas")) {
      assertTrue(text.contains("\"verb\":\"" + verb + "\""), verb + " in " + text);
    }
    assertEquals(13, KvVerb.values().length);
    byte[] bad =
        text.replace("\"delete-cas\"", "\"delete-maybe\"").getBytes(StandardCharsets.UTF_8);
    IOException e = assertThrows(IOException.class, () -> StateCodec.decode(bad));
    assertTrue(e.getMessage().contains("delete-maybe"), e.getMessage());
  }

  @Test
  void anUnknownWireNameIsAnErrorNamingIt() {
    IOException e =
        assertThrows(
            IOException.class,
            () -> StateCodec.decode("RenamedCommand\n{}".getBytes(StandardCharsets.US_ASCII)));
    assertTrue(e.getMessage().contains("unknown command type \"RenamedCommand\""), e.getMessage());
  }

  @Test
  void anUnknownPropertyOrAMissingTypeLineIsAnError() {
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                StateCodec.decode(
                    "DeleteAclToken\n{\"accessorId\":\"a\",\"extra\":1}"
                        .getBytes(StandardCharsets.US_ASCII)));
    assertTrue(e.getMessage().contains("extra"), e.getMessage());
    e =
        assertThrows(
            IOException.class,
            () -> StateCodec.decode("{\"accessorId\":\"a\"}".getBytes(StandardCharsets.US_ASCII)));
    assertTrue(e.getMessage().contains("no type line"), e.getMessage());
  }

  /** One command of each type, with every component set where the type allows it. */
  static List<Command<?>> examples() {
    HealthCheck check =
        new HealthCheck(
            "n1",
            "c1",
            "check",
            HealthCheck.PASSING,
            "notes",
            "out",
            "web-1",
            "web",
            List.of("v1"),
            "ttl",
            0,
            0);
    CheckSpec spec =
        CheckSpec.builder()
            .http("http://127.0.0.1:8080/health", "GET")
            .interval(Duration.ofSeconds(10))
            .timeout(Duration.ofMillis(1500))
            .reapAfter(Duration.ofMinutes(5))
            .build();
    AgentService service =
        new AgentService(
            "",
            "web-1",
            "web",
            List.of("v1"),
            "10.0.0.1",
            Map.of("m", "v"),
            8080,
            Weights.DEFAULT,
            false,
            new ConnectSettings(true),
            "dc1",
            null,
            0,
            0);
    List<IntentionPermission> perms =
        List.of(
            new IntentionPermission(
                "allow", new IntentionHttpPermission(null, "/v1", null, List.of("GET"), null)));
    CaConfig config = CaConfig.defaults(Duration.ofHours(72), 50);
    Command.BootstrapCa boot = RootGenerator.generate(T0, new Random(7), config);
    return List.of(
        new Command.RegisterNode("3350320e-9241-41c6-ae4e-f115813fe519", "n1", "127.0.0.1", "dc1"),
        new Command.RegisterService(
            service, List.of(new StoredCheck(check, Duration.ofSeconds(30), spec))),
        new Command.DeregisterService("web-1"),
        new Command.UpdateCheck("c1", HealthCheck.WARNING, "slow"),
        new Command.UpsertIntention("web", "db", "deny", null, "d", Map.of("k", "v"), "id-1", T0),
        new Command.DeleteIntention("web", "db"),
        new Command.CreateIntention("api", "db", null, perms, null, null, "id-2", T0),
        new Command.UpdateIntention("id-2", "api", "cache", "allow", null, "moved", null, T0),
        new Command.DeleteIntentionById("id-2"),
        new Command.SetIntentionEntry(
            "payments",
            Map.of("owner", "x"),
            List.of(
                new IntentionSource("web", "allow", null, null, "id-3"),
                new IntentionSource("*", null, perms, "d", "id-4")),
            7L,
            T0),
        new Command.DeleteIntentionEntry("payments", null),
        boot,
        new Command.SetCaConfig(config),
        new Command.RotateCaRoot(boot.root(), boot.signingKeyPkcs8(), config, T0),
        new Command.PruneCaRoots(List.of("aa:bb", "cc:dd")),
        new Command.Txn(
            List.of(
                new KvOp(KvVerb.LOCK, "a/b", new byte[] {0, 1, (byte) 0xfe}, 42, 0, "s1"),
                new KvOp(KvVerb.DELETE_CAS, "c", null, 0, 9, null)),
            T0),
        new Command.CreateSession(
            new Session(
                "s1",
                "name",
                "n1",
                Duration.ofSeconds(15),
                Session.RELEASE,
                Duration.ofSeconds(3600),
                List.of("serfHealth"),
                List.of("c1"),
                0,
                0)),
        new Command.DestroySession("s1", T0),
        new Command.CatalogRegister(
            new Node(
                "", "ext", "10.0.0.5", "dc1", Map.of("lan", "10.0.0.5"), Map.of("k", "v"), 0, 0),
            service,
            List.of(check),
            true),
        new Command.CatalogDeregister("ext", "web-1", null),
        new Command.RegisterCheck(new StoredCheck(check, null, spec)),
        new Command.DeregisterCheck("c1"),
        new Command.UpsertAclToken(
            new AclToken(
                "0b1e7c5a-2f7d-4d38-8a3e-6c1f0e9d4b21",
                "a6f3e2d1-9c8b-4a7e-b5d4-3c2b1a0f9e8d",
                "desc",
                false,
                List.of("web"),
                true,
                T0,
                0,
                0)),
        new Command.DeleteAclToken("0b1e7c5a-2f7d-4d38-8a3e-6c1f0e9d4b21"),
        new Command.ReserveLeafSerial(64),
        new Command.UpsertAclPolicy(
            new AclPolicy(
                "5e1c9a0b-7d3f-4a2e-9b8c-1f0e2d3c4b5a",
                "kv-read",
                "d",
                "key_prefix \"\" { policy = \"read\" }",
                List.of(),
                0,
                0)),
        new Command.DeleteAclPolicy("5e1c9a0b-7d3f-4a2e-9b8c-1f0e2d3c4b5a"),
        new Command.UpsertAclRole(
            new AclRole(
                "6f2d0b1c-8e4a-4b3f-8c9d-2a1b3c4d5e6f",
                "ops",
                "",
                List.of("5e1c9a0b-7d3f-4a2e-9b8c-1f0e2d3c4b5a"),
                List.of("web"),
                List.of("n1"),
                0,
                0)),
        new Command.DeleteAclRole("6f2d0b1c-8e4a-4b3f-8c9d-2a1b3c4d5e6f"),
        new Command.SetConfigEntry("service-defaults", "web", Map.of("Protocol", "http"), 0L),
        new Command.DeleteConfigEntry("service-defaults", "web", null),
        new Command.UpsertPreparedQuery(
            new PreparedQuery(
                "7a3e1c2d-9f5b-4c4a-9d0e-3b2c4d5e6f70",
                "web-q",
                Map.of("Service", Map.of("Service", "web")),
                0,
                0)),
        new Command.DeletePreparedQuery("7a3e1c2d-9f5b-4c4a-9d0e-3b2c4d5e6f70"),
        new Command.CatalogTxn(
            List.of(
                new TxnOp(new KvOp(KvVerb.SET, "k", new byte[] {1}, 0, 0, null), null, null, null),
                new TxnOp(
                    null,
                    new TxnOp.NodeOp(
                        TxnOp.Verb.SET,
                        new Node("", "ext", "10.0.0.5", "dc1", null, Map.of(), 0, 0),
                        0),
                    null,
                    null),
                new TxnOp(null, null, new TxnOp.ServiceOp(TxnOp.Verb.CAS, "ext", service, 7), null),
                new TxnOp(null, null, null, new TxnOp.CheckOp(TxnOp.Verb.DELETE, check, 0))),
            T0),
        new Command.Restore(StateSnapshot.empty()));
  }
}
