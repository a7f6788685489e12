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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nativemesh.server.internal.storage.HighWaterMark;
import io.nativemesh.server.internal.storage.MvStoreLog;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18, finding 1: a data directory whose store is damaged or rolled back refuses to start,
 * naming the file and the problem; the server never starts over it with a new identity. The
 * high-water mark ({@code state.hwm}) records the last acknowledged index and the trust domain.
 */
class DataDirIntegrityTest {

  private static ServerConfig.Builder config(Path dir) {
    return ServerConfig.builder().dev(true).nodeName("n1").dataDir(dir);
  }

  private static String trustDomainAfterWrites(Path dir, String prefix, int keys) {
    try (TestServer s = new TestServer(config(dir))) {
      StringBuilder txn = new StringBuilder("[");
      for (int i = 0; i < keys; i++) {
        if (i % 64 == 0 && i > 0) {
          assertEquals(200, s.put("/v1/txn", txn.append("]").toString()).statusCode());
          txn = new StringBuilder("[");
        }
        txn.append(txn.length() > 1 ? "," : "")
            .append("{\"KV\":{\"Verb\":\"set\",\"Key\":\"")
            .append(prefix)
            .append(i)
            .append("\",\"Value\":\"")
            .append("dmFsdWUtdmFsdWUtdmFsdWUtdmFsdWUtdmFsdWUtdmFsdWUtdmFsdWUtdmFsdWUt")
            .append("\"}}");
      }
      assertEquals(200, s.put("/v1/txn", txn.append("]").toString()).statusCode());
      return s.server.trustDomain();
    }
  }

  private static String refusal(Path dir) {
    UncheckedIOException e =
        assertThrows(UncheckedIOException.class, () -> new TestServer(config(dir)).close());
    return e.getCause().getMessage();
  }

  @Test
  void aRolledBackStoreIsRefusedNamingTheFileAndTheIndexes(@TempDir Path dir) throws Exception {
    trustDomainAfterWrites(dir, "a", 100);
    Path store = dir.resolve(MvStoreLog.FILE);
    Path saved = dir.resolveSibling(dir.getFileName() + "-saved.mv.db");
    Files.copy(store, saved);
    trustDomainAfterWrites(dir, "b", 100);
    Files.copy(saved, store, StandardCopyOption.REPLACE_EXISTING);
    String m = refusal(dir);
    assertTrue(m.contains(store.toString()), m);
    assertTrue(m.contains("rolled back or damaged"), m);
    assertTrue(m.contains(dir.resolve(HighWaterMark.FILE).toString()), m);
    assertTrue(m.contains("docs/server-recovery.md"), m);
  }

  @Test
  void aStoreTruncatedToHalfIsRefused(@TempDir Path dir) throws Exception {
    trustDomainAfterWrites(dir, "k", 1200);
    Path store = dir.resolve(MvStoreLog.FILE);
    try (FileChannel c = FileChannel.open(store, StandardOpenOption.WRITE)) {
      c.truncate(c.size() / 2);
    }
    String m = refusal(dir);
    assertTrue(m.contains(store.toString()), m);
  }

  @Test
  void aZeroLengthStoreIsRefusedNotANewCluster(@TempDir Path dir) throws Exception {
    trustDomainAfterWrites(dir, "k", 10);
    Path store = dir.resolve(MvStoreLog.FILE);
    Files.write(store, new byte[0]);
    String m = refusal(dir);
    assertTrue(m.contains(store.toString()), m);
    assertTrue(m.contains("empty"), m);
    assertEquals(0, Files.size(store), "nothing was written over it");
  }

  @Test
  void aMissingStoreBesideAHighWaterMarkIsRefused(@TempDir Path dir) throws Exception {
    trustDomainAfterWrites(dir, "k", 10);
    Files.delete(dir.resolve(MvStoreLog.FILE));
    String m = refusal(dir);
    assertTrue(m.contains("missing"), m);
    assertFalse(Files.exists(dir.resolve(MvStoreLog.FILE)));
  }

  @Test
  void aStoreOfAnotherTrustDomainIsRefused(@TempDir Path dir) throws Exception {
    String td = trustDomainAfterWrites(dir, "k", 10);
    Path hwm = dir.resolve(HighWaterMark.FILE);
    String text = Files.readString(hwm);
    assertTrue(text.contains("trustDomain=" + td), text);
    Files.writeString(
        hwm,
        text.replace(td, "99999999-9999-9999-9999-999999999999.consul"),
        StandardCharsets.UTF_8);
    String m = refusal(dir);
    assertTrue(m.contains("trust domain " + td), m);
  }

  @Test
  void aDataDirWithoutAHighWaterMarkGainsOneAndKeepsItsIdentity(@TempDir Path dir)
      throws Exception {
    // a directory written before the mark existed: migrated on start
    String td = trustDomainAfterWrites(dir, "k", 10);
    Files.delete(dir.resolve(HighWaterMark.FILE));
    try (TestServer s = new TestServer(config(dir))) {
      assertEquals(td, s.server.trustDomain());
      assertEquals(200, s.get("/v1/kv/k9").statusCode());
    }
    assertTrue(Files.readString(dir.resolve(HighWaterMark.FILE)).contains("trustDomain=" + td));
  }
}
