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
 * The client's Jackson configuration for Consul's JSON, read from the model's annotations
 * ({@code io.nativemesh.core.model}): RFC 3339 timestamps, unknown fields ignored on read (newer
 * Consul versions add fields), numbers not coerced into strings. Not shared outside the client.
 * Thread-safe.
 */
public final class ConsulJson {
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .addModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
      .build();
  private static final TypeFactory TYPES = TypeFactory.defaultInstance();

  private ConsulJson() {}

  /** @return the client's mapper (shared, never reconfigured) */
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
