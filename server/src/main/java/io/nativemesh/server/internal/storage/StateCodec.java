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
package io.nativemesh.server.internal.storage;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.nativemesh.server.internal.state.Command;
import io.nativemesh.server.internal.state.StateSnapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Encodes commands and snapshots for the log as JSON (Jackson, records by component). A command is
 * stored as {@code <wire name>\n<json>}, the wire name taken from {@link CommandType} (never from
 * the Java class), so the type is readable in a hex dump and adding a command type never changes
 * the encoding of existing ones. Unknown properties fail decoding: a log written by a newer server
 * is refused rather than silently misread.
 *
 * <p>The mapper's settings are part of the format and pinned here rather than borrowed from the
 * HTTP API's mapper: {@link java.time.Instant} as an ISO-8601 string, {@link java.time.Duration} as
 * seconds with nine decimals (e.g. {@code 3600.000000000}), byte arrays as base64 (see
 * docs/server-state-format.md). Thread-safe.
 */
public final class StateCodec {
  private static final int MAX_TYPE_LENGTH = 64;
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .enable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
          .enable(SerializationFeature.WRITE_DATE_TIMESTAMPS_AS_NANOSECONDS)
          .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
          .enable(DeserializationFeature.READ_DATE_TIMESTAMPS_AS_NANOSECONDS)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  private StateCodec() {}

  /**
   * @param c a command
   * @return its encoding
   * @throws IOException if it cannot be encoded, or its type has no wire name in {@link
   *     CommandType}
   */
  public static byte[] encode(Command<?> c) throws IOException {
    CommandType t;
    try {
      t = CommandType.of(c);
    } catch (IllegalArgumentException e) {
      throw new IOException(e.getMessage(), e);
    }
    byte[] type = (t.wireName() + "\n").getBytes(StandardCharsets.US_ASCII);
    byte[] json = MAPPER.writeValueAsBytes(c);
    byte[] out = new byte[type.length + json.length];
    System.arraycopy(type, 0, out, 0, type.length);
    System.arraycopy(json, 0, out, type.length, json.length);
    return out;
  }

  /**
   * @param bytes an encoding from {@link #encode(Command)}
   * @return the command
   * @throws IOException if the bytes have no type line, the wire name is unknown (written by a
   *     newer server, or a wire name was changed without a migration), or the JSON does not match
   *     the type
   */
  public static Command<?> decode(byte[] bytes) throws IOException {
    int nl = 0;
    while (nl < bytes.length && nl <= MAX_TYPE_LENGTH && bytes[nl] != '\n') {
      nl++;
    }
    if (nl == bytes.length || nl > MAX_TYPE_LENGTH) {
      throw new IOException("corrupt log entry: no type line");
    }
    String type = new String(bytes, 0, nl, StandardCharsets.US_ASCII);
    CommandType t = CommandType.forWireName(type);
    if (t == null) {
      throw new IOException(
          "unknown command type \""
              + type
              + "\" (this server knows "
              + CommandType.wireNames()
              + "): written by a newer server, or a type renamed without a migration");
    }
    try {
      return MAPPER.readerFor(t.commandClass()).readValue(bytes, nl + 1, bytes.length - nl - 1);
    } catch (IOException e) {
      throw new IOException("cannot decode a \"" + type + "\" command: " + e.getMessage(), e);
    }
  }

  /**
   * @param s a snapshot
   * @return its encoding
   * @throws IOException if it cannot be encoded
   */
  public static byte[] encode(StateSnapshot s) throws IOException {
    return MAPPER.writeValueAsBytes(s);
  }

  /**
   * @param bytes an encoding from {@link #encode(StateSnapshot)}
   * @return the snapshot
   * @throws IOException if it cannot be decoded
   */
  public static StateSnapshot decodeSnapshot(byte[] bytes) throws IOException {
    return MAPPER.readValue(bytes, StateSnapshot.class);
  }
}
