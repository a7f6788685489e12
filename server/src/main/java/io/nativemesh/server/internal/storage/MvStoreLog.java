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

import io.nativemesh.server.internal.state.Command;
import io.nativemesh.server.internal.state.CommandLog;
import io.nativemesh.server.internal.state.StateSnapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;

/**
 * The command log and snapshots in one H2 MVStore file ({@code <data-dir>/state.mv.db}).
 *
 * <p>Why MVStore: it is a single, well-kept dependency (H2's storage engine, also used alone by
 * other projects), an append-only copy-on-write B-tree store whose {@code commit()} writes a new
 * chunk atomically and whose {@code sync()} forces it to disk — exactly the "write a group, then
 * fsync once" primitive group commit needs — and a torn last chunk is detected by checksum and
 * ignored on open, so a crash mid-write loses only unacknowledged commands. SQLite (sqlite-jdbc)
 * would also work but brings a native library and JDBC; RocksDB a larger native library.
 *
 * <p>Layout: map {@code log}: index → encoded command (see {@link StateCodec} and, for the type
 * names and the compatibility rules, {@link CommandType}); map {@code meta}: {@code snapshot} →
 * encoded {@link StateSnapshot}, {@code snapshotIndex} → its index. A snapshot removes the log
 * entries it covers and compacts the file. An entry or snapshot that cannot be decoded fails {@link
 * #recover()} with the file and the entry named; nothing is skipped. Background auto-commit is
 * disabled: nothing is written except by {@link #sync()} and {@link #snapshot}. Confined to the
 * store's committer thread (see {@link CommandLog}).
 */
public final class MvStoreLog implements CommandLog {
  /** The file name inside the data directory. */
  public static final String FILE = "state.mv.db";

  private final Path file;
  private final MVStore store;
  private final MVMap<Long, byte[]> log;
  private final MVMap<String, byte[]> meta;
  private long sinceSnapshot;
  private boolean closed;
  private final boolean fsync;

  /**
   * Opens (or creates) the store in {@code dataDir}.
   *
   * @param dataDir the data directory; created if missing
   * @throws IOException if the directory or file cannot be opened (e.g. locked by another server)
   */
  public MvStoreLog(Path dataDir) throws IOException {
    this(dataDir, true);
  }

  /**
   * Opens (or creates) the store in {@code dataDir}.
   *
   * @param dataDir the data directory; created if missing
   * @param fsync false to skip the fsync after each commit (benchmarks only; not crash-safe)
   * @throws IOException if the directory or file cannot be opened (e.g. locked by another server)
   */
  public MvStoreLog(Path dataDir, boolean fsync) throws IOException {
    this.fsync = fsync;
    Files.createDirectories(dataDir);
    this.file = dataDir.resolve(FILE);
    try {
      store = new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().open();
    } catch (MVStoreException e) {
      throw new IOException("cannot open " + file + ": " + e.getMessage(), e);
    }
    log = store.openMap("log");
    meta = store.openMap("meta");
  }

  @Override
  public Recovered recover() throws IOException {
    byte[] snap = meta.get("snapshot");
    StateSnapshot s;
    try {
      s = snap == null ? null : StateCodec.decodeSnapshot(snap);
    } catch (IOException e) {
      throw new IOException(
          file + ": cannot decode the snapshot (index " + snapshotIndex() + "): " + e.getMessage(),
          e);
    }
    long from = s == null ? 0 : s.index();
    List<Entry> commands = new ArrayList<>();
    long expected = from + 1;
    for (Map.Entry<Long, byte[]> e : log.entrySet()) {
      if (e.getKey() <= from) {
        continue;
      }
      Command<?> c;
      try {
        c = StateCodec.decode(e.getValue());
      } catch (IOException ex) {
        throw new IOException(file + ": log entry " + e.getKey() + ": " + ex.getMessage(), ex);
      }
      // a restore is the one entry whose index may jump (see Command.Restore)
      if (e.getKey() != expected && !(c instanceof Command.Restore && e.getKey() > expected)) {
        throw new IOException(
            file + ": command log has a gap: expected index " + expected + ", found " + e.getKey());
      }
      commands.add(new Entry(e.getKey(), c));
      expected = e.getKey() + 1;
    }
    sinceSnapshot = commands.size();
    return new Recovered(s, commands);
  }

  private String snapshotIndex() {
    byte[] b = meta.get("snapshotIndex");
    return b == null ? "unknown" : new String(b, StandardCharsets.US_ASCII);
  }

  @Override
  public String location() {
    return file.toString();
  }

  @Override
  public void append(long index, Command<?> command) throws IOException {
    log.put(index, StateCodec.encode(command));
    sinceSnapshot++;
  }

  @Override
  public void sync() throws IOException {
    try {
      store.commit();
      if (fsync) {
        store.sync();
      }
    } catch (MVStoreException e) {
      throw new IOException("commit failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void snapshot(StateSnapshot snapshot) throws IOException {
    try {
      meta.put("snapshot", StateCodec.encode(snapshot));
      meta.put(
          "snapshotIndex", Long.toString(snapshot.index()).getBytes(StandardCharsets.US_ASCII));
      store.commit();
      store.sync();
      // the snapshot is durable: drop what it covers
      Long k;
      while ((k = log.firstKey()) != null && k <= snapshot.index()) {
        log.remove(k);
      }
      store.commit();
      store.compact(80, 16 * 1024 * 1024);
      store.commit();
      store.sync();
      sinceSnapshot = log.size();
    } catch (MVStoreException e) {
      throw new IOException("snapshot failed: " + e.getMessage(), e);
    }
  }

  @Override
  public long commandsSinceSnapshot() {
    return sinceSnapshot;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      store.close();
    } catch (MVStoreException e) {
      store.closeImmediately();
    }
  }
}
