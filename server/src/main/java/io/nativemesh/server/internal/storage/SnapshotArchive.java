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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nativemesh.server.internal.state.StateSnapshot;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The archive of {@code GET /v1/snapshot} and {@code PUT /v1/snapshot} (docs/backup-restore.md):
 * gzip of one JSON header line ({@code Format}, {@code Version}, {@code Index}, {@code Datacenter},
 * {@code SavedAt}, {@code Size}, {@code SHA256}), a newline, and the state in the command log's
 * snapshot encoding ({@link StateCodec#encode(StateSnapshot)}). It is this server's own format: a
 * Consul snapshot (a tar of raft state) cannot be restored into it, nor the other way round.
 * Stateless and thread-safe.
 */
public final class SnapshotArchive {
  /** The {@code Format} value of the header. */
  public static final String FORMAT = "nativemesh-snapshot";

  /** The archive version this server writes and reads. */
  public static final int VERSION = 1;

  /** Largest decompressed archive read, bytes (a gzip bomb is refused, not inflated). */
  public static final long MAX_INFLATED_BYTES = 1L << 30;

  private static final ObjectMapper HEADER = new ObjectMapper();

  private SnapshotArchive() {}

  /**
   * @param state the state to save (one consistent snapshot)
   * @param datacenter the datacenter it belongs to (informational)
   * @param now when it is saved
   * @return the archive bytes
   * @throws IOException if the state cannot be encoded (a server bug)
   */
  public static byte[] write(StateSnapshot state, String datacenter, Instant now)
      throws IOException {
    byte[] body = StateCodec.encode(state);
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("Format", FORMAT);
    header.put("Version", VERSION);
    header.put("Index", state.index());
    header.put("Datacenter", datacenter);
    header.put("SavedAt", now.toString());
    header.put("Size", body.length);
    header.put("SHA256", sha256(body));
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 4 + 256);
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(HEADER.writeValueAsBytes(header));
      gz.write('\n');
      gz.write(body);
    }
    return out.toByteArray();
  }

  /**
   * @param archive the bytes of a {@link #write} archive
   * @return the saved state
   * @throws IllegalArgumentException naming what is wrong: not gzip, not this format, another
   *     version, truncated, checksum mismatch, undecodable state
   */
  public static StateSnapshot read(byte[] archive) {
    byte[] all = inflate(archive);
    int nl = 0;
    while (nl < all.length && all[nl] != '\n') {
      nl++;
    }
    if (nl == all.length) {
      throw new IllegalArgumentException("not a NativeMesh snapshot: no header line");
    }
    JsonNode header;
    try {
      header = HEADER.readTree(new String(all, 0, nl, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalArgumentException("not a NativeMesh snapshot: unreadable header");
    }
    if (header == null || !FORMAT.equals(header.path("Format").asText())) {
      throw new IllegalArgumentException(
          "not a NativeMesh snapshot (Format is not \""
              + FORMAT
              + "\"); Consul's are not accepted");
    }
    if (header.path("Version").asInt() != VERSION) {
      throw new IllegalArgumentException(
          "snapshot version " + header.path("Version") + " is not supported (" + VERSION + ")");
    }
    byte[] body = new byte[all.length - nl - 1];
    System.arraycopy(all, nl + 1, body, 0, body.length);
    if (body.length != header.path("Size").asLong()) {
      throw new IllegalArgumentException(
          "snapshot truncated: " + body.length + " of " + header.path("Size") + " state bytes");
    }
    if (!sha256(body).equals(header.path("SHA256").asText())) {
      throw new IllegalArgumentException("snapshot checksum mismatch: the archive is corrupt");
    }
    StateSnapshot s;
    try {
      s = StateCodec.decodeSnapshot(body);
    } catch (IOException e) {
      throw new IllegalArgumentException("snapshot state cannot be decoded: " + e.getMessage());
    }
    if (s.node() == null || s.ca() == null) {
      throw new IllegalArgumentException("snapshot holds no bootstrapped state (node, CA)");
    }
    return s;
  }

  private static byte[] inflate(byte[] archive) {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(archive))) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(archive.length * 4);
      byte[] buf = new byte[65536];
      long total = 0;
      int n;
      while ((n = in.read(buf)) > 0) {
        total += n;
        if (total > MAX_INFLATED_BYTES) {
          throw new IllegalArgumentException(
              "snapshot inflates beyond " + MAX_INFLATED_BYTES + " bytes");
        }
        out.write(buf, 0, n);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new IllegalArgumentException("not a NativeMesh snapshot (gzip): " + e.getMessage());
    }
  }

  private static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by the Java platform", e);
    }
  }
}
