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

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogEntriesTest {
  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void oneCommandKeepsTheSingleLayoutEarlierServersWrote() throws IOException {
    byte[] data = LogEntries.encode(List.of(new LogEntries.Item("id-1", b("{\"k\":1}"))));
    assertArrayEquals(b("id-1\n{\"k\":1}"), data);
    List<LogEntries.Item> back = LogEntries.decode(data);
    assertEquals(1, back.size());
    assertEquals("id-1", back.get(0).requestId());
    assertArrayEquals(b("{\"k\":1}"), back.get(0).command());
  }

  @Test
  void aBatchComesBackInOrder() throws IOException {
    List<LogEntries.Item> items =
        List.of(
            new LogEntries.Item("a", b("{\"n\":1}")),
            new LogEntries.Item("b", new byte[0]),
            new LogEntries.Item("c", b("x".repeat(70_000))));
    List<LogEntries.Item> back = LogEntries.decode(LogEntries.encode(items));
    assertEquals(3, back.size());
    for (int i = 0; i < 3; i++) {
      assertEquals(items.get(i).requestId(), back.get(i).requestId());
      assertArrayEquals(items.get(i).command(), back.get(i).command());
    }
  }

  @Test
  void truncatedOrEmptyDataIsRefused() {
    byte[] data =
        LogEntries.encode(
            List.of(new LogEntries.Item("a", b("one")), new LogEntries.Item("b", b("two"))));
    assertThrows(IOException.class, () -> LogEntries.decode(Arrays.copyOf(data, data.length - 2)));
    assertThrows(IllegalArgumentException.class, () -> LogEntries.encode(List.of()));
  }
}
