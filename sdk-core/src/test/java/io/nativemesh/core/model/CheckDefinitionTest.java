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
package io.nativemesh.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link CheckDefinition}'s builder sets each field it names and leaves the others null. */
class CheckDefinitionTest {

  @Test
  void builderSetsEveryField() {
    CheckDefinition d =
        CheckDefinition.builder()
            .checkId("id")
            .name("n")
            .notes("notes")
            .status("passing")
            .serviceId("svc")
            .ttl("1s")
            .http("http://h/")
            .method("POST")
            .tcp("h:1")
            .interval("2s")
            .timeout("3s")
            .tlsSkipVerify(true)
            .deregisterCriticalServiceAfter("1m")
            .args(List.of("true"))
            .udp("h:2")
            .h2ping("h:3")
            .h2pingUseTls(false)
            .grpc("h:4/s")
            .grpcUseTls(true)
            .aliasService("a")
            .aliasNode("node")
            .dockerContainerId("c")
            .shell("/bin/sh")
            .build();
    assertEquals(
        new CheckDefinition(
            "id",
            "n",
            "notes",
            "passing",
            "svc",
            "1s",
            "http://h/",
            "POST",
            "h:1",
            "2s",
            "3s",
            true,
            "1m",
            List.of("true"),
            "h:2",
            "h:3",
            false,
            "h:4/s",
            true,
            "a",
            "node",
            "c",
            "/bin/sh"),
        d);
  }

  @Test
  void unsetFieldsStayNull() {
    CheckDefinition ttl = CheckDefinition.ttl("t", "10s");
    assertEquals("t", ttl.name());
    assertEquals("10s", ttl.ttl());
    assertNull(ttl.http());
    assertNull(ttl.grpc());
    assertNull(ttl.args());
    assertEquals(
        new CheckDefinition(
            null, null, null, null, null, null, null, null, "h:1", "5s", null, null, null),
        CheckDefinition.builder().tcp("h:1").interval("5s").build());
  }
}
