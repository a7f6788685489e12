package io.nativemesh.server.internal.storage;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nativemesh.server.internal.http.ConsulJson;
import io.nativemesh.server.internal.state.Command;
import io.nativemesh.server.internal.state.StateSnapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Encodes commands and snapshots for the log as JSON (Jackson, records by component). A command is
 * stored as {@code <SimpleName>\n<json>} so the type is readable in a hex dump and adding a command
 * type never changes the encoding of existing ones. Unknown properties fail decoding: a log written by
 * a newer server is refused rather than silently misread. Thread-safe.
 */
public final class StateCodec {
  private static final ObjectMapper MAPPER = ConsulJson.mapper().copy()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private StateCodec() {}

  /**
   * @param c a command
   * @return its encoding
   * @throws IOException if it cannot be encoded
   */
  public static byte[] encode(Command c) throws IOException {
    byte[] type = (c.getClass().getSimpleName() + "\n").getBytes(StandardCharsets.US_ASCII);
    byte[] json = MAPPER.writeValueAsBytes(c);
    byte[] out = new byte[type.length + json.length];
    System.arraycopy(type, 0, out, 0, type.length);
    System.arraycopy(json, 0, out, type.length, json.length);
    return out;
  }

  /**
   * @param bytes an encoding from {@link #encode(Command)}
   * @return the command
   * @throws IOException if the bytes are not a known command
   */
  public static Command decode(byte[] bytes) throws IOException {
    int nl = 0;
    while (nl < bytes.length && bytes[nl] != '\n') {
      nl++;
    }
    if (nl == bytes.length) {
      throw new IOException("corrupt log entry: no type");
    }
    String type = new String(bytes, 0, nl, StandardCharsets.US_ASCII);
    Class<? extends Command> cls = null;
    for (Class<?> k : Command.class.getPermittedSubclasses()) {
      if (k.getSimpleName().equals(type)) {
        cls = k.asSubclass(Command.class);
      }
    }
    if (cls == null) {
      throw new IOException("unknown command type '" + type + "' in the log (written by a newer server?)");
    }
    return MAPPER.readerFor(cls).readValue(bytes, nl + 1, bytes.length - nl - 1);
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
