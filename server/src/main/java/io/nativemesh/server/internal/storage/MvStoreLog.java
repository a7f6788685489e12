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
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The command log and snapshots in one H2 MVStore file ({@code <data-dir>/state.mv.db}), guarded by
 * a {@link HighWaterMark} beside it ({@code <data-dir>/state.hwm}).
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
 * encoded {@link StateSnapshot}, {@code snapshotIndex} → its index. An entry or snapshot that
 * cannot be decoded fails {@link #recover()} with the file and the entry named; nothing is skipped.
 * Background auto-commit is disabled: nothing is written except by {@link #sync()} and {@link
 * #snapshot}.
 *
 * <p>Compaction: MVStore appends a chunk per commit and keeps old chunks for a while, so the file
 * grew with the number of writes (204 MB after 40,000 overwrites of 4,000 small keys). A snapshot
 * therefore rewrites the store: the snapshot and the log entries after it go to {@code
 * state.mv.db.compacting}, which is synced and renamed over {@code state.mv.db}; a crash leaves the
 * old file or the new one, and a left-over {@code .compacting} file is deleted on open. A snapshot
 * is taken every {@value io.nativemesh.server.internal.state.StateStore#SNAPSHOT_EVERY} commands
 * and whenever the file grows past {@value #GROWTH}× its size after the last compaction (at least
 * {@value #MIN_COMPACT_BYTES} bytes), so the file stays proportional to the live data.
 *
 * <p>Threads: {@link #append} is called by writers (under the store's write lock) and only buffers;
 * every other method runs on the store's committer thread (see {@link CommandLog}), except {@link
 * #close()}.
 */
public final class MvStoreLog implements CommandLog {
  /** The file name inside the data directory. */
  public static final String FILE = "state.mv.db";

  /** The rewrite in progress during compaction, renamed over {@link #FILE} when complete. */
  public static final String COMPACTING = FILE + ".compacting";

  /** Compact once the file is this many times its size after the last compaction. */
  static final int GROWTH = 4;

  /** ... but never below this size, bytes. */
  static final long MIN_COMPACT_BYTES = 8L << 20;

  /** The high-water mark is rewritten at most this often, ns (and at every snapshot). */
  static final long MARK_EVERY_NANOS = 1_000_000_000L;

  /** After a failed commit, writes resume only once the file system has this much room, bytes. */
  static final long RESUME_FREE_BYTES = 1L << 20;

  private static final Logger LOG = LoggerFactory.getLogger(MvStoreLog.class);
  private static final String RECOVERY =
      "restore the data directory from a snapshot (see docs/server-recovery.md); the server does"
          + " not start over it with a new identity";

  private final Path dir;
  private final Path file;
  private final boolean fsync;
  private final boolean storeExisted;
  private final HighWaterMark hwm;
  private HighWaterMark.Mark mark;
  private long markWrittenNanos;
  private MVStore store;
  private MVMap<Long, byte[]> log;
  private MVMap<String, byte[]> meta;
  private final Object pendingLock = new Object();
  private List<Pending> pending = new ArrayList<>(); // guarded by pendingLock
  private long sinceSnapshot;
  private long compactedSize;
  private boolean closed;

  private record Pending(long index, byte[] encoded) {}

  /**
   * Opens (or creates) the store in {@code dataDir}.
   *
   * @param dataDir the data directory; created if missing
   * @throws IOException if the directory or file cannot be opened (e.g. locked by another server),
   *     or the data directory is damaged (see {@link #MvStoreLog(Path, boolean)})
   */
  public MvStoreLog(Path dataDir) throws IOException {
    this(dataDir, true);
  }

  /**
   * Opens (or creates) the store in {@code dataDir}. Refuses, naming the file: a zero-length {@code
   * state.mv.db} (a store that held state and lost it), and a high-water mark without a store.
   *
   * @param dataDir the data directory; created if missing
   * @param fsync false to skip the fsync after each commit (benchmarks only; not crash-safe)
   * @throws IOException if the directory or file cannot be opened or is damaged
   */
  public MvStoreLog(Path dataDir, boolean fsync) throws IOException {
    this.fsync = fsync;
    Files.createDirectories(dataDir);
    this.dir = dataDir;
    this.file = dataDir.resolve(FILE);
    this.hwm = new HighWaterMark(dataDir, fsync);
    Files.deleteIfExists(dataDir.resolve(COMPACTING)); // a compaction a crash interrupted
    this.storeExisted = Files.exists(file);
    this.mark = hwm.read();
    if (storeExisted && Files.size(file) == 0) {
      throw new IOException(
          file
              + " is empty (0 bytes): a state file that existed has lost its content"
              + (mark == null
                  ? ""
                  : " (index " + mark.index() + " was acknowledged, " + hwm.file() + ")")
              + "; "
              + RECOVERY
              + ". If this directory never held state, delete the empty file");
    }
    if (!storeExisted && mark != null) {
      throw new IOException(
          file
              + " is missing, but "
              + hwm.file()
              + " records acknowledged index "
              + mark.index()
              + " of trust domain "
              + mark.trustDomain()
              + "; "
              + RECOVERY);
    }
    open();
    this.compactedSize = Files.size(file);
  }

  private void open() throws IOException {
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

  /**
   * Checks the recovered state against the high-water mark. With a mark: the state must reach its
   * index and carry its trust domain. Without one: a store that existed but recovered to nothing is
   * damaged; a store with state was written by a server that kept no mark (0.1.0), and gets one now
   * (the migration).
   *
   * @param recovered the state after replay
   * @throws IOException naming the store, the mark and what disagrees
   */
  @Override
  public void checkRecovered(StateSnapshot recovered) throws IOException {
    String td = recovered.ca() == null ? null : recovered.ca().trustDomain();
    if (mark != null) {
      if (recovered.index() < mark.index()) {
        throw new IOException(
            file
                + " holds state up to index "
                + recovered.index()
                + ", but index "
                + mark.index()
                + " was acknowledged ("
                + hwm.file()
                + "): the store was rolled back or damaged (truncated, replaced by an older copy);"
                + " "
                + RECOVERY);
      }
      if (mark.trustDomain() != null && !mark.trustDomain().equals(td)) {
        throw new IOException(
            file
                + " holds "
                + (td == null ? "no CA" : "trust domain " + td)
                + ", but "
                + hwm.file()
                + " records trust domain "
                + mark.trustDomain()
                + ": this store belongs to another cluster or was replaced; "
                + RECOVERY);
      }
      return;
    }
    if (storeExisted && recovered.index() == 0) {
      throw new IOException(
          file
              + " exists ("
              + Files.size(file)
              + " bytes) but holds no state: it is damaged; "
              + RECOVERY
              + ". If this directory never held state, delete the file");
    }
    if (recovered.index() > 0) {
      LOG.info(
          "{} not found: the data directory was written by a server that kept no high-water"
              + " mark; recording index {} and trust domain {} now",
          hwm.file(),
          recovered.index(),
          td);
      writeMark(recovered.index(), td);
    }
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
    byte[] encoded = StateCodec.encode(command);
    synchronized (pendingLock) {
      pending.add(new Pending(index, encoded));
    }
  }

  @Override
  public void sync() throws IOException {
    List<Pending> batch;
    synchronized (pendingLock) {
      batch = pending;
      pending = new ArrayList<>();
    }
    try {
      for (Pending p : batch) {
        log.put(p.index(), p.encoded());
      }
      store.commit();
      if (fsync) {
        store.sync();
      }
    } catch (MVStoreException | IllegalStateException e) {
      throw new IOException("commit to " + file + " failed: " + rootCause(e), e);
    }
    sinceSnapshot += batch.size();
  }

  /** The innermost cause's message first (e.g. "No space left on device"), then MVStore's. */
  private static String rootCause(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == e ? e.getMessage() : root.getMessage() + " (" + e.getMessage() + ")";
  }

  /**
   * Reopens the file after a failed commit (MVStore closes itself on a write error): the buffered
   * commands are dropped, entries after {@code durableIndex} that a torn or unsynced commit left
   * are removed, and a small probe value ({@code meta/resumedAt}, dropped by the next snapshot) is
   * committed and synced to show that the disk takes writes again. Refused while the file system
   * has less than {@value #RESUME_FREE_BYTES} bytes free.
   */
  @Override
  public void resume(long durableIndex) throws IOException {
    synchronized (pendingLock) {
      pending = new ArrayList<>();
    }
    // MVStore reuses free blocks inside the file, so a small probe commit can succeed on a disk
    // that still cannot take a real write: ask for some room first
    long free = Files.getFileStore(dir).getUsableSpace();
    if (free < RESUME_FREE_BYTES) {
      throw new IOException(
          "only " + free + " bytes free for " + file + ", waiting for " + RESUME_FREE_BYTES);
    }
    try {
      store.closeImmediately();
    } catch (RuntimeException e) {
      // already closed by the failure
    }
    open();
    try {
      long removed = 0;
      for (Long last = log.lastKey(); last != null && last > durableIndex; last = log.lastKey()) {
        log.remove(last);
        removed++;
      }
      meta.put("resumedAt", Long.toString(durableIndex).getBytes(StandardCharsets.US_ASCII));
      store.commit();
      if (fsync) {
        store.sync();
      }
      if (removed > 0) {
        LOG.warn(
            "{}: removed {} unacknowledged entries after index {}", file, removed, durableIndex);
      }
    } catch (MVStoreException | IllegalStateException e) {
      try {
        store.closeImmediately();
      } catch (RuntimeException ignored) {
        // closed by the failure
      }
      throw new IOException("commit to " + file + " still fails: " + rootCause(e), e);
    }
  }

  @Override
  public void durable(StateSnapshot published) throws IOException {
    String td = published.ca() == null ? null : published.ca().trustDomain();
    if (mark == null
        || !Objects.equals(td, mark.trustDomain())
        || System.nanoTime() - markWrittenNanos >= MARK_EVERY_NANOS) {
      writeMark(published.index(), td);
    }
  }

  private void writeMark(long index, String td) throws IOException {
    if (mark != null && index < mark.index()) {
      return; // never lower a mark
    }
    HighWaterMark.Mark m = new HighWaterMark.Mark(index, td);
    hwm.write(m);
    mark = m;
    markWrittenNanos = System.nanoTime();
  }

  @Override
  public boolean wantsCompaction() {
    try {
      return Files.size(file) > Math.max(MIN_COMPACT_BYTES, GROWTH * compactedSize);
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Persists the snapshot by rewriting the store (the snapshot and the log entries after it) and
   * replacing {@code state.mv.db} atomically, then records the high-water mark.
   */
  @Override
  public void snapshot(StateSnapshot snapshot) throws IOException {
    byte[] encoded = StateCodec.encode(snapshot);
    Path tmp = dir.resolve(COMPACTING);
    Files.deleteIfExists(tmp);
    int kept = 0;
    try {
      MVStore next = new MVStore.Builder().fileName(tmp.toString()).autoCommitDisabled().open();
      try {
        MVMap<Long, byte[]> nextLog = next.openMap("log");
        MVMap<String, byte[]> nextMeta = next.openMap("meta");
        nextMeta.put("snapshot", encoded);
        nextMeta.put(
            "snapshotIndex", Long.toString(snapshot.index()).getBytes(StandardCharsets.US_ASCII));
        for (Iterator<Long> it = log.keyIterator(snapshot.index() + 1); it.hasNext(); ) {
          Long k = it.next();
          nextLog.put(k, log.get(k));
          kept++;
        }
        next.commit();
        next.sync();
      } finally {
        next.close();
      }
    } catch (MVStoreException e) {
      Files.deleteIfExists(tmp);
      throw new IOException("snapshot to " + tmp + " failed: " + e.getMessage(), e);
    }
    try {
      store.close();
    } catch (MVStoreException e) {
      store.closeImmediately();
    }
    try {
      HighWaterMark.moveAtomically(tmp, file);
      if (fsync) {
        HighWaterMark.syncDirectory(dir);
      }
    } finally {
      open(); // the new file, or the old one if the rename failed
    }
    compactedSize = Files.size(file);
    sinceSnapshot = kept;
    writeMark(snapshot.index(), snapshot.ca() == null ? null : snapshot.ca().trustDomain());
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
