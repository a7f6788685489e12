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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nativemesh.server.internal.state.Command;
import io.nativemesh.server.internal.state.StateStore;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recovery never skips a log entry: what cannot be read or replayed stops startup with the entry
 * named.
 */
class MvStoreLogTest {

  @Test
  void aLoggedCommandThatNoLongerAppliesIsAStartupErrorNotASkip(@TempDir Path dir)
      throws IOException {
    try (MvStoreLog log = new MvStoreLog(dir)) {
      log.recover();
      log.append(
          1,
          new Command.RegisterNode(
              "3350320e-9241-41c6-ae4e-f115813fe519", "n1", "127.0.0.1", "dc1"));
      // as if an older server had accepted it: this state machine refuses a serial before the CA
      // exists
      log.append(2, new Command.ReserveLeafSerial(64));
      log.sync();
    }
    IOException e = assertThrows(IOException.class, () -> new StateStore(new MvStoreLog(dir)));
    String file = dir.resolve(MvStoreLog.FILE).toString();
    assertTrue(
        e.getMessage()
            .startsWith(file + ": log entry 2 (ReserveLeafSerial) fails to apply on replay"),
        e.getMessage());
    // the failed store closed the file, and the entry is still there
    try (MvStoreLog log = new MvStoreLog(dir)) {
      assertEquals(2, log.recover().commands().size());
    }
  }
}
