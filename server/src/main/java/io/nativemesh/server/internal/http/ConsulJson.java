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

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The server's base Jackson configuration for Consul's JSON, read from the model's annotations
 * ({@code io.nativemesh.core.model}): RFC 3339 timestamps, unknown fields ignored on read, numbers
 * not coerced into strings. {@link Json} (HTTP) and the state log derive their mappers from it with
 * {@link ObjectMapper#copy()}. The SDK's client configures its own mapper the same way; nothing
 * outside the server shares this one. Thread-safe; do not reconfigure the returned mapper.
 */
public final class ConsulJson {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
          .build();

  private ConsulJson() {}

  /**
   * @return the shared base mapper; copy it for variants
   */
  public static ObjectMapper mapper() {
    return MAPPER;
  }
}
