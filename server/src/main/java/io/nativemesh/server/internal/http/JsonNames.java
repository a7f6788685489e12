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
package io.nativemesh.server.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;

/**
 * Go's {@code encoding/json} matches object keys to struct fields ignoring case; bodies the server
 * reads as a {@link JsonNode} tree (transactions, sessions) use this to do the same before they
 * look fields up by their canonical names. Stateless and thread-safe.
 */
public final class JsonNames {
  private JsonNames() {}

  /**
   * @param object a JSON object
   * @param known the canonical field names, e.g. {@code Verb}, {@code Key}
   * @return a copy whose keys that equal a known name ignoring case are spelt canonically; other
   *     keys unchanged (so the caller can still refuse them by name)
   */
  public static ObjectNode canonical(JsonNode object, Collection<String> known) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String name = e.getKey();
      for (String f : known) {
        if (f.equalsIgnoreCase(name)) {
          name = f;
          break;
        }
      }
      out.set(name, e.getValue());
    }
    return out;
  }
}
