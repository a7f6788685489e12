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

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.util.Locale;
import java.util.Set;

/**
 * Duration fields of request bodies accept what Consul accepts: a Go duration string ({@code
 * "10s"}) or an integer number of nanoseconds ({@code 1000000000}), as Go's {@code time.Duration}
 * decodes from JSON (Consul: {@code agent/structs} duration fix-ups). The server's records keep
 * durations as strings; an integer in a duration field becomes {@code "<n>ns"}, which {@code
 * GoDuration.parse} reads back exactly. Which string fields are durations is decided by their JSON
 * name: {@code TTL}, {@code Interval}, {@code Timeout}, {@code DeregisterCriticalServiceAfter} and
 * any name ending in {@code Timeout}, {@code Interval}, {@code TTL} or {@code Delay}. Every other
 * string field keeps the strict Go rule (a number is a 400). Stateless and thread-safe.
 */
final class GoDurationFields {
  private static final Set<String> EXACT = Set.of("deregistercriticalserviceafter");
  private static final String[] SUFFIXES = {"timeout", "interval", "ttl", "delay"};

  private GoDurationFields() {}

  /**
   * @return a module installing the contextual string deserializer
   */
  static SimpleModule module() {
    SimpleModule m = new SimpleModule("nativemesh-go-durations");
    m.addDeserializer(String.class, new Strings());
    return m;
  }

  /**
   * @param jsonName a property's JSON name
   * @return whether it names a Consul duration field (case-insensitive, like Go's decoder)
   */
  static boolean isDurationField(String jsonName) {
    String n = jsonName.toLowerCase(Locale.ROOT);
    if (EXACT.contains(n)) {
      return true;
    }
    for (String s : SUFFIXES) {
      if (n.endsWith(s)) {
        return true;
      }
    }
    return false;
  }

  /** Plain strings, switching to {@link Durations} for duration properties. */
  private static final class Strings extends StdScalarDeserializer<String>
      implements ContextualDeserializer {
    private static final long serialVersionUID = 1L;

    Strings() {
      super(String.class);
    }

    @Override
    public JsonDeserializer<?> createContextual(
        DeserializationContext ctxt, BeanProperty property) {
      return property != null && isDurationField(property.getName())
          ? new Durations()
          : StringDeserializer.instance;
    }

    @Override
    public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      return StringDeserializer.instance.deserialize(p, ctxt);
    }
  }

  /** A duration property: string as is, integer nanoseconds as {@code "<n>ns"}. */
  private static final class Durations extends StdScalarDeserializer<String> {
    private static final long serialVersionUID = 1L;

    Durations() {
      super(String.class);
    }

    @Override
    public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (p.currentToken() == JsonToken.VALUE_NUMBER_INT) {
        return p.getLongValue() + "ns";
      }
      return StringDeserializer.instance.deserialize(p, ctxt);
    }
  }
}
