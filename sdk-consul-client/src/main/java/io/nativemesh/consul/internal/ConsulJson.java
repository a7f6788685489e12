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
package io.nativemesh.consul.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.TypeFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.util.List;
import java.util.Map;

/**
 * The client's Jackson configuration for Consul's JSON, read from the model's annotations ({@code
 * io.nativemesh.core.model}): RFC 3339 timestamps, unknown fields ignored on read (newer Consul
 * versions add fields), numbers not coerced into strings. Not shared outside the client.
 * Thread-safe.
 */
public final class ConsulJson {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
          .build();
  private static final TypeFactory TYPES = TypeFactory.defaultInstance();

  private ConsulJson() {}

  /**
   * @return the client's mapper (shared, never reconfigured)
   */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /**
   * @param type a class
   * @return its type
   */
  public static JavaType type(Class<?> type) {
    return TYPES.constructType(type);
  }

  /**
   * @param element element class
   * @return {@code List<element>}
   */
  public static JavaType listOf(Class<?> element) {
    return TYPES.constructCollectionType(List.class, element);
  }

  /**
   * @param element element class of the lists
   * @return {@code Map<String, List<element>>}, the shape of Consul's name-keyed listings
   */
  public static JavaType mapOfLists(Class<?> element) {
    return TYPES.constructMapType(Map.class, TYPES.constructType(String.class), listOf(element));
  }
}
