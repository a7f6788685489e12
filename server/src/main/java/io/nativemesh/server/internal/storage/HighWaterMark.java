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

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The high-water mark beside the store: {@code <data-dir>/state.hwm}, a small text file with the
 * highest index the server has acknowledged (or a lower bound of it) and the cluster's trust
 * domain. It lives outside {@code state.mv.db} so that a store which was truncated, rolled back or
 * replaced cannot vouch for itself: on start the recovered store must reach the recorded index and
 * carry the recorded trust domain (see {@link MvStoreLog#checkRecovered}).
 *
 * <p>Written atomically (a temporary file, fsync, rename over, fsync of the directory), so a crash
 * leaves the old mark or the new one, never a torn file. Format, one {@code key=value} per line:
 * {@code index} (decimal) and {@code trustDomain} (empty before the CA exists); lines starting with
 * {@code #} are comments. Not thread-safe: used by the store's committer thread.
 */
public final class HighWaterMark {
  /** The file name inside the data directory. */
  public static final String FILE = "state.hwm";

  /**
   * A recorded mark.
   *
   * @param index the last acknowledged index (a lower bound of it), ≥ 0
   * @param trustDomain the cluster's trust domain, or null before the CA existed
   */
  public record Mark(long index, String trustDomain) {}

  private final Path file;
  private final boolean fsync;

  /**
   * @param dataDir the data directory
   * @param fsync false to skip fsyncs (benchmarks only, as for the store)
   */
  public HighWaterMark(Path dataDir, boolean fsync) {
    this.file = dataDir.resolve(FILE);
    this.fsync = fsync;
  }

  /**
   * @return the file's path, for messages
   */
  public Path file() {
    return file;
  }

  /**
   * @return the recorded mark, or null if there is no file
   * @throws IOException if the file exists but cannot be read or parsed (named in the message)
   */
  public Mark read() throws IOException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return null;
    }
    Long index = null;
    String td = null;
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int eq = line.indexOf('=');
      String key = eq < 0 ? line : line.substring(0, eq);
      String value = eq < 0 ? "" : line.substring(eq + 1).trim();
      switch (key) {
        case "index" -> {
          try {
            index = Long.parseLong(value);
          } catch (NumberFormatException e) {
            throw new IOException(file + ": invalid index '" + value + "'");
          }
        }
        case "trustDomain" -> td = value.isEmpty() ? null : value;
        default -> throw new IOException(file + ": unknown line '" + line + "'");
      }
    }
    if (index == null || index < 0) {
      throw new IOException(file + ": no valid 'index=' line; the file is damaged");
    }
    return new Mark(index, td);
  }

  /**
   * Replaces the recorded mark atomically.
   *
   * @param mark the new mark
   * @throws IOException if it cannot be written
   */
  public void write(Mark mark) throws IOException {
    String text =
        "# NativeMesh high-water mark: written by the server, checked on start"
            + " (docs/server-state-format.md)\n"
            + "index="
            + mark.index()
            + "\ntrustDomain="
            + (mark.trustDomain() == null ? "" : mark.trustDomain())
            + "\n";
    Path tmp = file.resolveSibling(FILE + ".tmp");
    try (FileChannel c =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer b = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
      while (b.hasRemaining()) {
        c.write(b);
      }
      if (fsync) {
        c.force(true);
      }
    }
    moveAtomically(tmp, file);
    if (fsync) {
      syncDirectory(file.getParent());
    }
  }

  /**
   * Renames {@code from} over {@code to} atomically.
   *
   * @param from the source
   * @param to the target, replaced
   * @throws IOException if the file system cannot rename atomically or the rename fails
   */
  static void moveAtomically(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException(
          "cannot replace " + to + " atomically on this file system: " + e.getMessage(), e);
    }
  }

  /**
   * Makes a rename in {@code dir} durable (fsync of the directory; a no-op where the platform
   * cannot open a directory).
   *
   * @param dir the directory
   */
  static void syncDirectory(Path dir) {
    try (FileChannel c = FileChannel.open(dir, StandardOpenOption.READ)) {
      c.force(true);
    } catch (IOException e) {
      // Windows cannot open a directory; the rename is still atomic
    }
  }
}
