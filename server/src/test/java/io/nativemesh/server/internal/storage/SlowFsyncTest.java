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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nativemesh.server.internal.state.Command;
import io.nativemesh.server.internal.state.CommandLog;
import io.nativemesh.server.internal.state.KvOp;
import io.nativemesh.server.internal.state.KvVerb;
import io.nativemesh.server.internal.state.StateSnapshot;
import io.nativemesh.server.internal.state.StateStore;
import io.nativemesh.server.internal.state.TxnResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An fsync that takes seconds (issue 18, crash tests): while the committer waits on the disk,
 * readers keep getting the last durable state at once, the pending write is neither visible nor
 * acknowledged, and once the fsync returns it is both; after a restart it is there.
 */
class SlowFsyncTest {

  /** The real log, with a {@link #sync()} that waits until released. */
  private static final class SlowLog implements CommandLog {
    final MvStoreLog real;
    volatile CountDownLatch gate = new CountDownLatch(0);
    volatile CountDownLatch syncing = new CountDownLatch(1);

    SlowLog(Path dir) throws IOException {
      real = new MvStoreLog(dir);
    }

    @Override
    public Recovered recover() throws IOException {
      return real.recover();
    }

    @Override
    public void checkRecovered(StateSnapshot recovered) throws IOException {
      real.checkRecovered(recovered);
    }

    @Override
    public String location() {
      return real.location();
    }

    @Override
    public void append(long index, Command<?> command) throws IOException {
      real.append(index, command);
    }

    @Override
    public void sync() throws IOException {
      syncing.countDown();
      try {
        gate.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      real.sync();
    }

    @Override
    public void durable(StateSnapshot published) throws IOException {
      real.durable(published);
    }

    @Override
    public void snapshot(StateSnapshot snapshot) throws IOException {
      real.snapshot(snapshot);
    }

    @Override
    public long commandsSinceSnapshot() {
      return real.commandsSinceSnapshot();
    }

    @Override
    public void close() {
      real.close();
    }
  }

  private static Command.Txn set(String key, String value) {
    return new Command.Txn(
        List.of(new KvOp(KvVerb.SET, key, value.getBytes(StandardCharsets.UTF_8), 0, 0, null)),
        Instant.EPOCH);
  }

  @Test
  void readersAreServedWhileAnFsyncTakesSeconds(@TempDir Path dir) throws Exception {
    SlowLog log = new SlowLog(dir);
    try (StateStore store = new StateStore(log)) {
      store.apply(set("k", "old"));
      long durable = store.snapshot().index();
      log.gate = new CountDownLatch(1);
      log.syncing = new CountDownLatch(1);
      CompletableFuture<StateStore.Applied<TxnResult>> write = store.submit(set("k", "new"));
      assertTrue(log.syncing.await(5, TimeUnit.SECONDS));
      for (int round = 0; round < 4; round++) {
        long readsStart = System.nanoTime();
        for (int i = 0; i < 2_000; i++) {
          StateSnapshot s = store.snapshot();
          assertEquals(durable, s.index());
          assertEquals("old", new String(s.kv().get("k").value(), StandardCharsets.UTF_8));
        }
        assertTrue(
            System.nanoTime() - readsStart < 1_000_000_000L, "2,000 reads waited for the disk");
        Thread.sleep(500); // the disk is slow: 2 s in all
      }
      assertFalse(write.isDone(), "acknowledged before it was durable");
      log.gate.countDown();
      StateStore.Applied<TxnResult> a = write.get(10, TimeUnit.SECONDS);
      assertEquals(durable + 1, a.index());
      assertTrue(a.result().errors().isEmpty());
      assertEquals(
          "new", new String(store.snapshot().kv().get("k").value(), StandardCharsets.UTF_8));
    }
    try (StateStore again = new StateStore(new MvStoreLog(dir))) {
      assertEquals(
          "new", new String(again.snapshot().kv().get("k").value(), StandardCharsets.UTF_8));
    }
  }
}
