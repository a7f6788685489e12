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
package io.nativemesh.server.internal.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class WriteBatcherTest {
  /** Records each entry sent and lets the test decide when it completes. */
  private final List<byte[]> sent = new ArrayList<>();

  private final List<CompletableFuture<Object>> replies = new ArrayList<>();

  private final WriteBatcher batcher =
      new WriteBatcher(
          entry -> {
            CompletableFuture<Object> f = new CompletableFuture<>();
            synchronized (sent) {
              sent.add(entry);
              replies.add(f);
            }
            return f;
          },
          2);

  private List<String> ids(int entry) throws IOException {
    List<String> out = new ArrayList<>();
    for (LogEntries.Item i : LogEntries.decode(sent.get(entry))) {
      out.add(i.requestId());
    }
    return out;
  }

  @Test
  void writesGoAloneUntilTheWindowIsFullThenLeaveTogetherInOrder() throws Exception {
    CompletableFuture<Object> w1 = batcher.submit("w1", new byte[] {1});
    CompletableFuture<Object> w2 = batcher.submit("w2", new byte[] {2});
    List<CompletableFuture<Object>> queued = new ArrayList<>();
    for (int i = 3; i <= 10; i++) {
      queued.add(batcher.submit("w" + i, new byte[] {(byte) i}));
    }
    assertEquals(2, sent.size(), "two entries in flight, the rest wait");
    assertEquals(List.of("w1"), ids(0));
    assertEquals(List.of("w2"), ids(1));

    replies.get(0).complete("reply-1");
    assertEquals("reply-1", w1.get());
    assertEquals(3, sent.size(), "the waiting writes left as one entry");
    assertEquals(List.of("w3", "w4", "w5", "w6", "w7", "w8", "w9", "w10"), ids(2));
    assertTrue(queued.stream().noneMatch(CompletableFuture::isDone));

    replies.get(2).complete("reply-3");
    for (CompletableFuture<Object> q : queued) {
      assertEquals("reply-3", q.get());
    }
    replies.get(1).completeExceptionally(new IOException("no leader"));
    ExecutionException e =
        org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, w2::get);
    assertTrue(e.getCause() instanceof IOException);
    batcher.submit("w11", new byte[] {11});
    assertEquals(4, sent.size(), "a free window sends at once");
  }

  @Test
  void theDefaultWindowIsOneEntry() throws Exception {
    List<CompletableFuture<Object>> done = new ArrayList<>();
    WriteBatcher one =
        new WriteBatcher(
            entry -> {
              CompletableFuture<Object> f = new CompletableFuture<>();
              sent.add(entry);
              done.add(f);
              return f;
            });
    one.submit("a", new byte[] {1});
    one.submit("b", new byte[] {2});
    one.submit("c", new byte[] {3});
    assertEquals(1, sent.size());
    done.get(0).complete("ok");
    assertEquals(List.of("b", "c"), ids(1));
  }

  @Test
  void anEntryStopsAtTheCommandLimit() throws Exception {
    batcher.submit("a", new byte[] {0});
    batcher.submit("b", new byte[] {0});
    for (int i = 0; i < WriteBatcher.MAX_COMMANDS + 5; i++) {
      batcher.submit("q" + i, new byte[] {1});
    }
    replies.get(0).complete("ok");
    assertEquals(WriteBatcher.MAX_COMMANDS, ids(2).size());
    replies.get(1).complete("ok");
    assertEquals(5, ids(3).size());
  }
}
