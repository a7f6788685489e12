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

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.nativemesh.core.model.AgentService;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * JSON for the server, derived from {@link ConsulJson#mapper()}: responses omit null fields (as
 * Consul's {@code omitempty} does for most) and an empty {@code AgentService.Kind}; requests are
 * read strictly like Go's {@code encoding/json} — field names case-insensitive (records and their
 * creators included), no string↔number↔boolean coercion, no trailing garbage — so a wrong field
 * type is a 400, never silently accepted. Duration fields also take integer nanoseconds (see {@code
 * GoDurationFields}). Thread-safe.
 */
public final class Json {
  private static final ObjectMapper WRITER =
      ConsulJson.mapper()
          .copy()
          .setDefaultPropertyInclusion(
              JsonInclude.Value.construct(
                  JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
          .addMixIn(AgentService.class, AgentServiceWire.class);
  private static final ObjectMapper READER = strictReader();
  private static final ObjectMapper STRICT_READER =
      strictReader().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private Json() {}

  /** Consul's {@code NodeService.Kind} is {@code omitempty}: a typical service sends no Kind. */
  private abstract static class AgentServiceWire {
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @JsonProperty("Kind")
    abstract String kind();
  }

  private static ObjectMapper strictReader() {
    ObjectMapper m = ConsulJson.mapper().copy();
    m.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    m.registerModule(GoDurationFields.module());
    // Go's encoding/json matches field names case-insensitively; clients rely on it (python-consul
    // sends {"name": ..., "ttl": ...})
    m.setConfig(
        m.getDeserializationConfig().with(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES));
    m.coercionConfigFor(LogicalType.Integer)
        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    m.coercionConfigFor(LogicalType.Float)
        .setCoercion(CoercionInputShape.String, CoercionAction.Fail);
    m.coercionConfigFor(LogicalType.Boolean)
        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
    m.coercionConfigFor(LogicalType.Textual)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    return m;
  }

  /**
   * @param value the value
   * @param pretty indent ({@code ?pretty}), with a trailing newline as Consul writes it
   * @return UTF-8 JSON
   * @throws IllegalStateException if the value cannot be serialized (a server bug)
   */
  public static byte[] write(Object value, boolean pretty) {
    try {
      if (!pretty) {
        return WRITER.writeValueAsBytes(value);
      }
      // Consul: indented output ends with a newline (agent/http.go marshalJSON)
      String text = WRITER.writerWithDefaultPrettyPrinter().writeValueAsString(value) + "\n";
      return text.getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize " + value.getClass().getName(), e);
    }
  }

  /**
   * @param value a response value
   * @return its JSON tree as it would be sent (null fields omitted)
   */
  public static JsonNode tree(Object value) {
    return WRITER.valueToTree(value);
  }

  /**
   * Reads a request body.
   *
   * @param body the bytes
   * @param type the target type
   * @param <T> the target type
   * @return the value, null for a JSON {@code null}
   * @throws HttpError 400 {@code Request decode failed: <reason>} (Consul's wording)
   */
  public static <T> T read(byte[] body, Class<T> type) {
    return read(READER, body, type);
  }

  /**
   * Reads a request body whose unknown fields are errors (Consul: config entries are decoded with
   * {@code ErrorUnused}; a misspelt {@code Sources} must not silently write an entry without
   * sources). Types annotated with {@code @JsonIgnoreProperties(ignoreUnknown = true)} still ignore
   * them.
   *
   * @param body the bytes
   * @param type the target type
   * @param <T> the target type
   * @return the value, null for a JSON {@code null}
   * @throws HttpError 400 {@code Request decode failed: invalid config key "<name>"} for an unknown
   *     field, else as {@link #read(byte[], Class)}
   */
  public static <T> T readStrict(byte[] body, Class<T> type) {
    return read(STRICT_READER, body, type);
  }

  private static <T> T read(ObjectMapper reader, byte[] body, Class<T> type) {
    if (body.length == 0) {
      throw HttpError.badRequest("Request decode failed: empty body");
    }
    try {
      return reader.readValue(body, type);
    } catch (UnrecognizedPropertyException e) {
      throw HttpError.badRequest(
          "Request decode failed: invalid config key \"" + fieldPath(e) + "\"");
    } catch (JsonMappingException e) {
      String where = fieldPath(e);
      throw HttpError.badRequest(
          "Request decode failed: "
              + firstLine(e.getOriginalMessage())
              + (where.isEmpty() ? "" : " (field " + where + ")"));
    } catch (JsonProcessingException e) {
      throw HttpError.badRequest("Request decode failed: " + firstLine(e.getOriginalMessage()));
    } catch (IOException e) {
      throw HttpError.badRequest("Request decode failed: " + e.getMessage());
    }
  }

  /**
   * @return where a mapping error happened, e.g. {@code Sources[0].Action}; empty at the top level
   */
  private static String fieldPath(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      path.append(
          ref.getFieldName() != null
              ? (path.length() == 0 ? "" : ".") + ref.getFieldName()
              : "[" + ref.getIndex() + "]");
    }
    return path.toString();
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "invalid JSON";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
