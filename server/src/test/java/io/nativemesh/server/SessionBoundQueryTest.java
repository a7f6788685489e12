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

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** Consul: a prepared query bound to a session is deleted when the session is destroyed. */
class SessionBoundQueryTest {
  @Test
  void destroyingTheSessionDeletesItsQueries() {
    try (TestServer s = TestServer.dev()) {
      HttpResponse<String> session = s.put("/v1/session/create", "{\"Name\":\"owner\"}");
      assertEquals(200, session.statusCode(), session.body());
      String sid = TestServer.json(session).get("ID").asText();
      HttpResponse<String> bound =
          s.post(
              "/v1/query",
              "{\"Name\":\"bound\",\"Session\":\"" + sid + "\",\"Service\":{\"Service\":\"a\"}}");
      assertEquals(200, bound.statusCode(), bound.body());
      String bid = TestServer.json(bound).get("ID").asText();
      HttpResponse<String> free =
          s.post("/v1/query", "{\"Name\":\"free\",\"Service\":{\"Service\":\"a\"}}");
      String fid = TestServer.json(free).get("ID").asText();
      assertEquals(sid, TestServer.json(s.get("/v1/query/" + bid)).get(0).get("Session").asText());

      assertEquals(200, s.put("/v1/session/destroy/" + sid, "").statusCode());
      assertEquals(404, s.get("/v1/query/" + bid).statusCode());
      assertEquals(200, s.get("/v1/query/" + fid).statusCode());
      assertEquals(1, TestServer.json(s.get("/v1/query")).size());
    }
  }
}
