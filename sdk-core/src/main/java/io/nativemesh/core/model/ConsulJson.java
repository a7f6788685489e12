package io.nativemesh.core.model;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The one Jackson configuration for Consul's JSON: RFC 3339 timestamps, unknown fields ignored on
 * read, numbers not coerced into strings. The returned mapper is shared and thread-safe; do not
 * reconfigure it (use {@link ObjectMapper#copy()} for variants).
 */
public final class ConsulJson {
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .addModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
      .build();

  private ConsulJson() {}

  /** @return the shared mapper */
  public static ObjectMapper mapper() {
    return MAPPER;
  }
}
