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
package io.nativemesh.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.nativemesh.server.internal.http.ConsulJson;
import io.nativemesh.server.internal.state.CaState;
import io.nativemesh.server.internal.state.CommandLog;
import io.nativemesh.server.internal.state.StateSnapshot;
import io.nativemesh.server.internal.state.StateStore;
import io.nativemesh.server.internal.state.Table;
import io.nativemesh.server.internal.storage.CommandType;
import io.nativemesh.server.internal.storage.MvStoreLog;
import io.nativemesh.server.internal.storage.StateCodec;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URISyntaxException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.LongStream;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Today's server reads a {@code -data-dir} written by 0.1.0 ({@code
 * src/test/resources/compat/v0.1.0-datadir}, see its README.txt): a snapshot at index 13 plus log
 * entries 14..47. Every expected value below was recorded when the fixture was written, not read
 * back from this server. If this test fails, the on-disk format changed: add a migration
 * (docs/server-state-format.md), never regenerate the fixture.
 */
class StateCompatibilityTest {
  private static final String MGMT = "5d0a4c6e-6f41-4c1e-9f59-0b6f3c7e2a11";
  private static final String CLUSTER_ID = "09318d67-65a7-4711-a1a9-b35b835c76af";
  private static final String OLD_ROOT =
      "74:52:83:fd:8a:de:da:90:5a:32:67:07:0a:96:d1:df:56:26:ee:66";
  private static final String NEW_ROOT =
      "41:b7:f9:ce:2a:58:cc:4d:45:d3:98:e6:c4:91:0e:57:18:bd:89:f2";
  private static final String S_LEADER = "881a8014-36d7-4921-b87e-b5f46ebed638";
  private static final String S_WORKER = "4ad6899d-bffc-4225-b5ff-61062a9e562c";
  private static final String TOKEN_ACCESSOR = "0b1e7c5a-2f7d-4d38-8a3e-6c1f0e9d4b21";
  private static final String TOKEN_SECRET = "a6f3e2d1-9c8b-4a7e-b5d4-3c2b1a0f9e8d";
  private static final long LAST_LEAF_SERIAL = 128;

  /**
   * After the fixture was written and before its old root is due for pruning (2 × 96 h after
   * rotation).
   */
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-12-02T00:00:00Z"), ZoneOffset.UTC);

  private static Path fixture() throws URISyntaxException {
    return Path.of(
        StateCompatibilityTest.class
            .getResource("/compat/v0.1.0-datadir/" + MvStoreLog.FILE)
            .toURI());
  }

  /**
   * Copies the fixture: the server writes to its data directory, the committed one stays as it was.
   */
  private static Path copy(Path dir) throws IOException, URISyntaxException {
    Files.createDirectories(dir);
    Files.copy(fixture(), dir.resolve(MvStoreLog.FILE));
    return dir;
  }

  private static ServerConfig.Builder config(Path dataDir) {
    return ServerConfig.builder()
        .nodeName("compat-node")
        .datacenter("dc1")
        .dataDir(dataDir)
        .clock(CLOCK)
        .acl(true, DefaultIntentionPolicy.ALLOW, MGMT);
  }

  @Test
  void theLogHoldsASnapshotAndATailOfTwentyThreeCommandTypes(@TempDir Path tmp) throws Exception {
    try (MvStoreLog log = new MvStoreLog(copy(tmp))) {
      CommandLog.Recovered r = log.recover();
      assertEquals(13, r.snapshot().index());
      assertEquals(
          LongStream.rangeClosed(14, 47).boxed().toList(),
          r.commands().stream().map(CommandLog.Entry::index).toList());
      List<String> types = new ArrayList<>();
      for (CommandLog.Entry e : r.commands()) {
        types.add(CommandType.of(e.command()).wireName());
      }
      assertEquals(
          List.of(
              "RegisterNode",
              "Txn",
              "Txn",
              "Txn",
              "Txn",
              "CreateSession",
              "Txn",
              "CreateSession",
              "Txn",
              "DestroySession",
              "RegisterService",
              "UpdateCheck",
              "RegisterService",
              "DeregisterService",
              "RegisterCheck",
              "RegisterCheck",
              "DeregisterCheck",
              "CatalogRegister",
              "CatalogDeregister",
              "CreateIntention",
              "UpdateIntention",
              "CreateIntention",
              "DeleteIntentionById",
              "UpsertIntention",
              "DeleteIntention",
              "SetIntentionEntry",
              "SetIntentionEntry",
              "DeleteIntentionEntry",
              "UpsertAclToken",
              "UpsertAclToken",
              "DeleteAclToken",
              "RotateCaRoot",
              "SetCaConfig",
              "ReserveLeafSerial"),
          types);
    }
  }

  @Test
  void theStoreRestoresTheRecordedIndexesAndCa(@TempDir Path tmp) throws Exception {
    StateStore store = new StateStore(new MvStoreLog(copy(tmp)));
    try {
      StateSnapshot s = store.snapshot();
      assertEquals(47, s.index());
      Map<Table, Long> tables = new EnumMap<>(Table.class);
      tables.putAll(
          Map.of(
              Table.NODES,
              32L,
              Table.SERVICES,
              32L,
              Table.CHECKS,
              32L,
              Table.INTENTIONS,
              41L,
              Table.CA_ROOTS,
              46L,
              Table.KVS,
              23L,
              Table.SESSIONS,
              23L,
              Table.ACL_TOKENS,
              44L,
              Table.CA_LEAF,
              47L));
      assertEquals(tables, s.tableIndexes());
      CaState ca = s.ca();
      assertEquals(CLUSTER_ID, ca.clusterId());
      assertEquals(CLUSTER_ID + ".consul", ca.trustDomain());
      assertEquals(NEW_ROOT, ca.activeRootId());
      assertEquals(List.of(OLD_ROOT, NEW_ROOT), ca.roots().stream().map(r -> r.id()).toList());
      assertEquals(LAST_LEAF_SERIAL, ca.lastLeafSerial());
      assertEquals(
          Map.of(OLD_ROOT, Instant.parse("2026-12-01T21:36:23.631104215Z")), ca.rotatedOutAt());
      assertEquals(
          Instant.parse("2026-12-01T21:36:32.544695609Z"), s.lockDelays().get("locks/released"));
      assertEquals("3350320e-9241-41c6-ae4e-f115813fe519", s.node().id());
    } finally {
      store.close();
    }
  }

  /**
   * Decoding and re-encoding each entry gives back the bytes 0.1.0 wrote: the codec's output did
   * not drift.
   */
  @Test
  void theCodecStillWritesWhat010Wrote(@TempDir Path tmp) throws Exception {
    MVStore raw =
        new MVStore.Builder()
            .fileName(copy(tmp).resolve(MvStoreLog.FILE).toString())
            .readOnly()
            .open();
    try {
      MVMap<Long, byte[]> log = raw.openMap("log");
      assertEquals(34, log.size());
      for (Map.Entry<Long, byte[]> e : log.entrySet()) {
        assertArrayEquals(
            e.getValue(),
            StateCodec.encode(StateCodec.decode(e.getValue())),
            "entry " + e.getKey() + ": " + new String(e.getValue(), StandardCharsets.UTF_8));
      }
      MVMap<String, byte[]> meta = raw.openMap("meta");
      JsonNode written = ConsulJson.mapper().readTree(meta.get("snapshot"));
      JsonNode again =
          ConsulJson.mapper()
              .readTree(StateCodec.encode(StateCodec.decodeSnapshot(meta.get("snapshot"))));
      assertEquals(written, again, "the snapshot re-encodes to the same JSON");
    } finally {
      raw.close();
    }
  }

  @Test
  void theServerServesEverythingThe010DataDirHolds(@TempDir Path tmp) throws Exception {
    try (TestServer s = new TestServer(config(copy(tmp)))) {
      kv(s);
      sessions(s);
      catalog(s);
      intentions(s);
      configEntries(s);
      token(s);
      ca(s);
      HttpResponse<String> nodes = s.get("/v1/catalog/nodes");
      assertEquals(
          48,
          TestServer.index(nodes),
          "index 47 restored, plus the server's own RegisterNode on start");
    }
  }

  private static void kv(TestServer s) {
    HttpResponse<String> r = s.get("/v1/kv/?recurse");
    assertEquals(200, r.statusCode(), r.body());
    assertEquals(23, TestServer.index(r));
    Map<String, JsonNode> byKey = new TreeMap<>();
    TestServer.json(r).forEach(n -> byKey.put(n.get("Key").asText(), n));
    assertEquals(
        Set.of(
            "blob/raw",
            "config/app/name",
            "config/app/replicas",
            "config/empty",
            "locks/released",
            "locks/worker",
            "service/web/leader",
            "txn/a",
            "txn/b"),
        byKey.keySet());
    // key, flags, value, session, lock index, create index, modify index
    assertKv(byKey, "blob/raw", 7, new byte[] {0, 1, (byte) 0xfe, (byte) 0xff}, null, 0, 5, 5);
    assertKv(byKey, "config/app/name", 42, bytes("web-app"), null, 0, 3, 3);
    assertKv(byKey, "config/app/replicas", 0, bytes("5"), null, 0, 4, 16);
    assertKv(byKey, "config/empty", 0, null, null, 0, 6, 6);
    assertKv(byKey, "locks/released", 0, bytes("was-locked"), null, 1, 22, 23);
    assertKv(byKey, "locks/worker", 0, bytes("busy"), S_WORKER, 1, 20, 20);
    assertKv(byKey, "service/web/leader", 1, bytes("compat-node"), S_LEADER, 1, 8, 8);
    assertKv(byKey, "txn/a", 0, bytes("a"), null, 0, 15, 15);
    assertKv(byKey, "txn/b", 5, bytes("b"), null, 0, 15, 15);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static void assertKv(
      Map<String, JsonNode> byKey,
      String key,
      long flags,
      byte[] value,
      String session,
      long lockIndex,
      long create,
      long modify) {
    JsonNode n = byKey.get(key);
    assertEquals(flags, n.get("Flags").asLong(), key);
    JsonNode v = n.get("Value");
    assertArrayEquals(
        value, v == null || v.isNull() ? null : Base64.getDecoder().decode(v.asText()), key);
    JsonNode sn = n.get("Session");
    assertEquals(session, sn == null || sn.isNull() ? null : sn.asText(), key);
    assertEquals(lockIndex, n.get("LockIndex").asLong(), key);
    assertEquals(create, n.get("CreateIndex").asLong(), key);
    assertEquals(modify, n.get("ModifyIndex").asLong(), key);
  }

  private static void sessions(TestServer s) {
    Map<String, JsonNode> byId = new TreeMap<>();
    TestServer.json(s.get("/v1/session/list")).forEach(n -> byId.put(n.get("ID").asText(), n));
    assertEquals(Set.of(S_LEADER, S_WORKER), byId.keySet());
    JsonNode leader = byId.get(S_LEADER);
    assertEquals("leader-election", leader.get("Name").asText());
    assertEquals("compat-node", leader.get("Node").asText());
    assertEquals("release", leader.get("Behavior").asText());
    assertEquals(15_000_000_000L, leader.get("LockDelay").asLong());
    assertEquals("", leader.path("TTL").asText(""));
    assertEquals(List.of("serfHealth"), texts(leader.get("NodeChecks")));
    assertEquals(7, leader.get("CreateIndex").asLong());
    JsonNode worker = byId.get(S_WORKER);
    assertEquals("worker", worker.get("Name").asText());
    assertEquals("delete", worker.get("Behavior").asText());
    assertEquals("1h0m0s", worker.get("TTL").asText());
    assertEquals(0, worker.get("LockDelay").asLong());
    assertEquals(19, worker.get("CreateIndex").asLong());
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static void catalog(TestServer s) {
    List<String> nodes = new ArrayList<>();
    TestServer.json(s.get("/v1/catalog/nodes")).forEach(n -> nodes.add(n.get("Node").asText()));
    assertEquals(List.of("compat-node", "ext-db-node"), nodes);

    JsonNode services = TestServer.json(s.get("/v1/agent/services"));
    assertEquals(Set.of("web-1", "api-1"), fieldNames(services));
    JsonNode web = services.get("web-1");
    assertEquals("web", web.get("Service").asText());
    assertEquals(8080, web.get("Port").asInt());
    assertEquals(List.of("v1", "primary"), texts(web.get("Tags")));
    assertEquals("1.0", web.get("Meta").get("version").asText());
    assertTrue(web.get("Connect").get("Native").asBoolean(), web.toString());
    assertEquals(9090, services.get("api-1").get("Port").asInt());

    JsonNode checks = TestServer.json(s.get("/v1/agent/checks"));
    // serfHealth is restored too, but it is a catalog check (see the health endpoints), not an
    // agent check
    assertEquals(Set.of("web-1-ttl", "api-1-ttl", "mem"), fieldNames(checks));
    List<String> nodeChecks = new ArrayList<>();
    TestServer.json(s.get("/v1/health/node/compat-node"))
        .forEach(c -> nodeChecks.add(c.get("CheckID").asText()));
    assertTrue(nodeChecks.contains("serfHealth"), nodeChecks.toString());
    assertCheck(checks.get("web-1-ttl"), "passing", "ready", "web-1", 9, 10);
    assertCheck(checks.get("api-1-ttl"), "warning", "warming-up", "api-1", 24, 25);
    assertCheck(checks.get("mem"), "critical", "", "", 28, 28);
    assertEquals("node check", checks.get("mem").get("Notes").asText());

    JsonNode ext = TestServer.json(s.get("/v1/catalog/service/ext-db"));
    assertEquals(1, ext.size(), ext.toString());
    assertEquals("ext-db-node", ext.get(0).get("Node").asText());
    assertEquals("10.0.0.5", ext.get(0).get("Address").asText());
    assertEquals("true", ext.get(0).get("NodeMeta").get("external").asText());
    assertEquals("ext-db-1", ext.get(0).get("ServiceID").asText());
    assertEquals(5432, ext.get(0).get("ServicePort").asInt());
    assertEquals(List.of("primary"), texts(ext.get(0).get("ServiceTags")));
    JsonNode extChecks = TestServer.json(s.get("/v1/health/node/ext-db-node"));
    assertEquals(1, extChecks.size(), extChecks.toString());
    assertEquals("ext-db-alive", extChecks.get(0).get("CheckID").asText());
    assertEquals("passing", extChecks.get(0).get("Status").asText());
    assertEquals(
        0,
        TestServer.json(s.get("/v1/catalog/node/tmp-node")).path("Services").size(),
        "deregistered node stays gone");
  }

  private static Set<String> fieldNames(JsonNode object) {
    Set<String> out = new TreeSet<>();
    object.fieldNames().forEachRemaining(out::add);
    return out;
  }

  private static void assertCheck(
      JsonNode c, String status, String output, String serviceId, long create, long modify) {
    assertEquals(status, c.get("Status").asText(), c.toString());
    assertEquals(output, c.get("Output").asText(), c.toString());
    assertEquals(serviceId, c.get("ServiceID").asText(), c.toString());
    assertEquals(create, c.get("CreateIndex").asLong(), c.toString());
    assertEquals(modify, c.get("ModifyIndex").asLong(), c.toString());
  }

  private static void intentions(TestServer s) {
    HttpResponse<String> r = s.get("/v1/connect/intentions");
    assertEquals(41, TestServer.index(r));
    Map<String, JsonNode> byId = new LinkedHashMap<>();
    TestServer.json(r).forEach(n -> byId.put(n.get("ID").asText(), n));
    assertEquals(
        Set.of(
            "731a75f8-9093-4733-8651-809c980b0727",
            "decc00ef-15f4-4d45-bd9d-dd3e890ddb31",
            "5e1d9979-8ab3-43b3-8988-0ddbd45a3cdf",
            "465af48b-c165-4e07-ac21-b7b6f83275ef",
            "6d0fbc76-b85e-4fb3-89f6-983471550b0f"),
        byId.keySet());
    // ID → source, destination, action, description, create index, modify index
    assertIntention(
        byId.get("731a75f8-9093-4733-8651-809c980b0727"),
        "web",
        "db",
        "deny",
        "legacy exact",
        12,
        12);
    assertIntention(
        byId.get("decc00ef-15f4-4d45-bd9d-dd3e890ddb31"),
        "api",
        "db",
        "allow",
        "api reads db",
        33,
        34);
    assertIntention(
        byId.get("5e1d9979-8ab3-43b3-8988-0ddbd45a3cdf"), "web", "payments", "allow", "", 39, 39);
    assertIntention(
        byId.get("465af48b-c165-4e07-ac21-b7b6f83275ef"), "api", "payments", "", "", 39, 39);
    assertIntention(
        byId.get("6d0fbc76-b85e-4fb3-89f6-983471550b0f"),
        "*",
        "payments",
        "deny",
        "default deny",
        39,
        39);
    assertEquals(
        "SEC-1",
        byId.get("decc00ef-15f4-4d45-bd9d-dd3e890ddb31").get("Meta").get("ticket").asText());
    JsonNode perm = byId.get("465af48b-c165-4e07-ac21-b7b6f83275ef").get("Permissions").get(0);
    assertEquals("allow", perm.get("Action").asText());
    assertEquals("/v1/pay", perm.get("HTTP").get("PathPrefix").asText());
    assertEquals(List.of("POST"), texts(perm.get("HTTP").get("Methods")));

    assertEquals(
        "731a75f8-9093-4733-8651-809c980b0727",
        TestServer.json(s.get("/v1/connect/intentions/exact?source=web&destination=db"))
            .get("ID")
            .asText());
    assertEquals(
        "api reads db",
        TestServer.json(s.get("/v1/connect/intentions/decc00ef-15f4-4d45-bd9d-dd3e890ddb31"))
            .get("Description")
            .asText());
    assertEquals(
        404,
        s.get("/v1/connect/intentions/349bb63b-f1cb-47b1-9ebf-f2bb5aa932b9").statusCode(),
        "the intention deleted by ID stays deleted");
  }

  private static void assertIntention(
      JsonNode i,
      String source,
      String destination,
      String action,
      String description,
      long create,
      long modify) {
    assertEquals(source, i.get("SourceName").asText(), i.toString());
    assertEquals(destination, i.get("DestinationName").asText(), i.toString());
    assertEquals(action, i.path("Action").asText(""), i.toString());
    assertEquals(description, i.path("Description").asText(""), i.toString());
    assertEquals(create, i.get("CreateIndex").asLong(), i.toString());
    assertEquals(modify, i.get("ModifyIndex").asLong(), i.toString());
  }

  private static void configEntries(TestServer s) {
    Set<String> names = new TreeSet<>();
    TestServer.json(s.get("/v1/config/service-intentions"))
        .forEach(n -> names.add(n.get("Name").asText()));
    assertEquals(Set.of("db", "payments"), names);
    JsonNode payments = TestServer.json(s.get("/v1/config/service-intentions/payments"));
    assertEquals("team-pay", payments.get("Meta").get("owner").asText());
    Set<String> sources = new TreeSet<>();
    payments.get("Sources").forEach(n -> sources.add(n.get("Name").asText()));
    assertEquals(Set.of("web", "api", "*"), sources);
    assertEquals(39, payments.get("CreateIndex").asLong());
    assertEquals(39, payments.get("ModifyIndex").asLong());
    JsonNode db = TestServer.json(s.get("/v1/config/service-intentions/db"));
    assertEquals(12, db.get("CreateIndex").asLong());
    assertEquals(38, db.get("ModifyIndex").asLong());
    assertEquals(
        404,
        s.get("/v1/config/service-intentions/tmp-entry").statusCode(),
        "the deleted entry stays deleted");
  }

  private static void token(TestServer s) {
    HttpResponse<String> r =
        s.send(
            HttpRequest.newBuilder(s.uri("/v1/acl/token/" + TOKEN_ACCESSOR))
                .header("X-Consul-Token", MGMT)
                .GET());
    assertEquals(200, r.statusCode(), r.body());
    JsonNode t = TestServer.json(r);
    assertEquals(TOKEN_SECRET, t.get("SecretID").asText());
    assertEquals("web service token", t.get("Description").asText());
    assertEquals("web", t.get("ServiceIdentities").get(0).get("ServiceName").asText());
    assertEquals(42, t.get("CreateIndex").asLong());
    JsonNode self =
        TestServer.json(
            s.send(
                HttpRequest.newBuilder(s.uri("/v1/acl/token/self"))
                    .header("X-Consul-Token", TOKEN_SECRET)
                    .GET()));
    assertEquals(
        TOKEN_ACCESSOR, self.get("AccessorID").asText(), "the secret still resolves to the token");
    HttpResponse<String> list =
        s.send(
            HttpRequest.newBuilder(s.uri("/v1/acl/tokens")).header("X-Consul-Token", MGMT).GET());
    assertEquals(44, TestServer.index(list));
    Set<String> accessors = new TreeSet<>();
    TestServer.json(list).forEach(n -> accessors.add(n.get("AccessorID").asText()));
    assertEquals(Set.of(TOKEN_ACCESSOR), accessors, "the deleted token stays deleted");
  }

  private static void ca(TestServer s) throws Exception {
    JsonNode roots = TestServer.json(s.get("/v1/connect/ca/roots"));
    assertEquals(CLUSTER_ID + ".consul", roots.get("TrustDomain").asText());
    assertEquals(NEW_ROOT, roots.get("ActiveRootID").asText());
    Map<String, Boolean> active = new TreeMap<>();
    roots.get("Roots").forEach(r -> active.put(r.get("ID").asText(), r.get("Active").asBoolean()));
    assertEquals(Map.of(OLD_ROOT, false, NEW_ROOT, true), active);
    JsonNode config = TestServer.json(s.get("/v1/connect/ca/configuration"));
    assertEquals("96h0m0s", config.get("Config").get("LeafCertTTL").asText());
    assertEquals(2, config.get("CreateIndex").asLong());
    assertEquals(46, config.get("ModifyIndex").asLong());

    HttpResponse<String> leafResponse = s.get("/v1/agent/connect/ca/leaf/web");
    assertEquals(200, leafResponse.statusCode(), leafResponse.body());
    JsonNode leaf = TestServer.json(leafResponse);
    long serial =
        new BigInteger(leaf.get("SerialNumber").asText().replace(":", ""), 16).longValueExact();
    assertTrue(
        serial > LAST_LEAF_SERIAL,
        "the next leaf serial " + serial + " is above the recorded " + LAST_LEAF_SERIAL);
    assertEquals(
        "spiffe://" + CLUSTER_ID + ".consul/ns/default/dc/dc1/svc/web",
        leaf.get("ServiceURI").asText());
    String activePem = null;
    for (JsonNode r : roots.get("Roots")) {
      if (r.get("ID").asText().equals(NEW_ROOT)) {
        activePem = r.get("RootCert").asText();
      }
    }
    assertNotNull(activePem);
    CertificateFactory cf = CertificateFactory.getInstance("X.509");
    X509Certificate root =
        (X509Certificate) cf.generateCertificate(new ByteArrayInputStream(bytes(activePem)));
    X509Certificate cert =
        (X509Certificate)
            cf.generateCertificate(new ByteArrayInputStream(bytes(leaf.get("CertPEM").asText())));
    cert.verify(root.getPublicKey()); // the restored signing key is the active root's
  }

  /**
   * A log entry whose type this server does not know stops startup; the error names the file and
   * the entry.
   */
  @Test
  void anUnknownTypeNameInTheLogStopsStartup(@TempDir Path tmp) throws Exception {
    Path dir = copy(tmp);
    MVStore raw = new MVStore.Builder().fileName(dir.resolve(MvStoreLog.FILE).toString()).open();
    try {
      MVMap<Long, byte[]> log = raw.openMap("log");
      String entry = new String(log.get(45L), StandardCharsets.UTF_8);
      assertTrue(entry.startsWith("RotateCaRoot\n"), entry);
      log.put(
          45L,
          ("RotateCaRootV2" + entry.substring("RotateCaRoot".length()))
              .getBytes(StandardCharsets.UTF_8));
      raw.commit();
    } finally {
      raw.close();
    }
    IOException e =
        assertThrows(IOException.class, () -> ConsulServer.start(config(dir).httpPort(0).build()));
    assertTrue(e.getMessage().contains(dir.resolve(MvStoreLog.FILE).toString()), e.getMessage());
    assertTrue(e.getMessage().contains("log entry 45"), e.getMessage());
    assertTrue(e.getMessage().contains("unknown command type \"RotateCaRootV2\""), e.getMessage());
    // nothing was skipped or rewritten, and the file was released: a fixed server can still open it
    try (MvStoreLog log = new MvStoreLog(dir)) {
      assertThrows(IOException.class, log::recover);
    }
  }
}
