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
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The store after a log failure (issue 18): the failed write is not published, later writes are
 * refused, and once the log can be written again the store resumes by itself at the last durable
 * index (no gap, nothing of the refused writes). The log here fails on demand; {@code FullDiskIT}
 * does the same with a real full disk.
 */
class StateStoreFailureTest {

  /** A log kept in memory whose sync fails while {@link #full} is set. */
  private static final class FlakyLog implements CommandLog {
    final List<Long> durable = new ArrayList<>();
    final List<Long> buffered = new ArrayList<>();
    volatile boolean full;
    volatile int resumeAttempts;

    @Override
    public Recovered recover() {
      return new Recovered(null, List.of());
    }

    @Override
    public String location() {
      return "flaky.log";
    }

    @Override
    public synchronized void append(long index, Command<?> command) {
      buffered.add(index);
    }

    @Override
    public synchronized void sync() throws IOException {
      if (full) {
        throw new IOException("No space left on device");
      }
      durable.addAll(buffered);
      buffered.clear();
    }

    @Override
    public synchronized void resume(long durableIndex) throws IOException {
      resumeAttempts++;
      buffered.clear();
      if (full) {
        throw new IOException("still full");
      }
      assertEquals(durableIndex, durable.get(durable.size() - 1));
    }

    @Override
    public void snapshot(StateSnapshot snapshot) {}

    @Override
    public long commandsSinceSnapshot() {
      return 0;
    }

    @Override
    public void close() {}
  }

  private static Command.Txn set(String key) {
    return new Command.Txn(
        List.of(new KvOp(KvVerb.SET, key, key.getBytes(StandardCharsets.UTF_8), 0, 0, null)),
        Instant.EPOCH);
  }

  @Test
  void refusesWhileTheLogFailsAndResumesByItself() throws Exception {
    FlakyLog log = new FlakyLog();
    try (StateStore store = new StateStore(log)) {
      assertEquals(1, store.apply(set("a")).index());
      Watch w = store.watch(List.of(Table.KVS));

      log.full = true;
      StorageFailureException first =
          assertThrows(StorageFailureException.class, () -> store.apply(set("lost")));
      assertTrue(
          first.getMessage().startsWith("write not durable: No space left"), first.getMessage());
      StorageFailureException later =
          assertThrows(StorageFailureException.class, () -> store.apply(set("refused")));
      assertTrue(later.getMessage().contains("flaky.log can be written again"), later.getMessage());
      assertEquals(1, store.snapshot().index());
      assertNull(store.snapshot().kv().get("lost"));
      assertFalse(w.fired().isDone(), "a write that failed woke a watcher");

      // the committer retries while the log is still failing, and keeps refusing
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (log.resumeAttempts < 1 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertTrue(log.resumeAttempts >= 1, "no retry");
      assertThrows(StorageFailureException.class, () -> store.apply(set("refused2")));

      log.full = false;
      StateStore.Applied<TxnResult> ok = null;
      while (ok == null && System.nanoTime() < deadline) {
        try {
          ok = store.apply(set("b"));
        } catch (StorageFailureException e) {
          Thread.sleep(20);
        }
      }
      assertNotNull(ok, "writes did not resume");
      assertEquals(2, ok.index(), "the failed writes' indexes are reused: no gap in the log");
      assertEquals(List.of(1L, 2L), log.durable);
      assertTrue(w.fired().isDone());
      StateSnapshot s = store.snapshot();
      assertNotNull(s.kv().get("a"));
      assertNotNull(s.kv().get("b"));
      assertNull(s.kv().get("lost"));
      assertNull(s.kv().get("refused"));
      assertNull(s.kv().get("refused2"));
    }
  }
}
