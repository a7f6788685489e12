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
package io.nativemesh.server.internal.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.nativemesh.core.model.ServiceRegistration;
import io.nativemesh.server.internal.http.HttpError;
import io.nativemesh.server.internal.http.Json;
import io.nativemesh.server.internal.state.Command;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CheckIntervalsTest {
  @Test
  void belowOneSecondIsRaisedToOneSecond() {
    assertEquals(Duration.ofSeconds(1), CheckIntervals.clamp("c", Duration.ofMillis(100)));
    assertEquals(Duration.ofSeconds(5), CheckIntervals.clamp("c", Duration.ofSeconds(5)));
    assertThrows(HttpError.class, () -> CheckIntervals.clamp("c", Duration.ZERO));
  }

  @Test
  void registrationUsesTheClampedInterval() {
    ServiceRegistration reg =
        Json.read(
            ("{\"Name\":\"web\",\"Check\":{\"TCP\":\"127.0.0.1:1\",\"Interval\":\"250ms\"}}")
                .getBytes(StandardCharsets.UTF_8),
            ServiceRegistration.class);
    Command.RegisterService cmd = RegistrationMapper.toCommand(reg, "n", "dc1");
    assertEquals(Duration.ofSeconds(1), cmd.checks().get(0).spec().interval());
  }
}
