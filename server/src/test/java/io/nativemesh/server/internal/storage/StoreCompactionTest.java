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
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nativemesh.server.internal.state.Command;
import io.nativemesh.server.internal.state.KvOp;
import io.nativemesh.server.internal.state.KvVerb;
import io.nativemesh.server.internal.state.StateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18, finding 2: under continuous overwrites the store file stays proportional to the live
 * data (4,000 keys of 64-byte values), never growing with the number of writes. {@code
 * -Dnativemesh.compaction.writes=100000} runs the 100k-write figure.
 */
class StoreCompactionTest {
  static final int KEYS = 4_000;
  static final int WRITES = Integer.getInteger("nativemesh.compaction.writes", 40_000);

  @Test
  void fileSizeStaysProportionalToLiveDataUnderContinuousOverwrites(@TempDir Path dir)
      throws Exception {
    byte[] value = new byte[64];
    long max = 0;
    Path file = dir.resolve(MvStoreLog.FILE);
    try (StateStore store = new StateStore(new MvStoreLog(dir, false))) {
      List<CompletableFuture<?>> inFlight = new ArrayList<>();
      for (int i = 0; i < WRITES; i++) {
        value[0] = (byte) i;
        value[1] = (byte) (i >> 8);
        inFlight.add(
            store.submit(
                new Command.Txn(
                    List.of(new KvOp(KvVerb.SET, "key/" + (i % KEYS), value.clone(), 0, 0, null)),
                    Instant.EPOCH)));
        if (inFlight.size() == 64) {
          CompletableFuture.allOf(inFlight.toArray(new CompletableFuture<?>[0])).join();
          inFlight.clear();
          max = Math.max(max, Files.size(file));
        }
      }
      CompletableFuture.allOf(inFlight.toArray(new CompletableFuture<?>[0])).join();
      max = Math.max(max, Files.size(file));
      assertEquals(KEYS, store.snapshot().kv().size());
    }
    long closed = Files.size(file);
    System.out.printf(
        "store after %d overwrites of %d keys (64-byte values): %d bytes at close, %d at most%n",
        WRITES, KEYS, closed, max);
    // live data: 4,000 entries of ~64 bytes plus key, indexes and JSON, about 1 MB as a snapshot
    assertTrue(closed < 4L << 20, "closed: " + closed);
    assertTrue(max < 24L << 20, "largest size while writing: " + max);
    try (StateStore again = new StateStore(new MvStoreLog(dir, false))) {
      assertEquals(KEYS, again.snapshot().kv().size());
      byte[] last = again.snapshot().kv().get("key/" + ((WRITES - 1) % KEYS)).value();
      assertEquals((byte) (WRITES - 1), last[0]);
      assertArrayEquals(new byte[62], java.util.Arrays.copyOfRange(last, 2, 64));
    }
  }
}
