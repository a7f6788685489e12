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
package io.nativemesh.server.internal.state;

import java.io.IOException;
import java.util.List;

/**
 * The durable command log behind {@link StateStore} (Consul: the Raft log plus FSM snapshots). The
 * store appends each command with its index, then calls {@link #sync()} once for a whole group of
 * appended commands (group commit) and acknowledges them only after it returns. Implementations are
 * called by one thread at a time (the store's committer), except {@link #close()}.
 */
public interface CommandLog extends AutoCloseable {

  /**
   * What a restart finds.
   *
   * @param snapshot the last persisted snapshot, or null
   * @param commands the commands after the snapshot, by increasing index, each with its index
   */
  record Recovered(StateSnapshot snapshot, List<Entry> commands) {}

  /**
   * One logged command.
   *
   * @param index its index
   * @param command the command
   */
  record Entry(long index, Command<?> command) {}

  /**
   * @return what is persisted (called once, before any append)
   * @throws IOException if the store cannot be read, or an entry or the snapshot cannot be decoded
   *     (e.g. an unknown command type): the message names {@link #location()} and the entry; a
   *     command log never skips what it cannot read
   */
  Recovered recover() throws IOException;

  /**
   * @return where the log lives, for messages (e.g. the file's path)
   */
  String location();

  /**
   * Buffers a command; not durable until {@link #sync()} returns.
   *
   * @param index the command's index
   * @param command the command
   * @throws IOException if it cannot be encoded or written
   */
  void append(long index, Command<?> command) throws IOException;

  /**
   * Makes every appended command durable (commit + fsync).
   *
   * @throws IOException if the data cannot be made durable
   */
  void sync() throws IOException;

  /**
   * Persists a snapshot and drops the commands it covers; durable on return.
   *
   * @param snapshot a published state
   * @throws IOException if it cannot be written
   */
  void snapshot(StateSnapshot snapshot) throws IOException;

  /**
   * @return commands appended since the last snapshot (for deciding when to snapshot)
   */
  long commandsSinceSnapshot();

  /**
   * Checks the state rebuilt from {@link #recover()} against what the log knows was acknowledged
   * (e.g. a high-water mark kept outside the store). Called once, after replay.
   *
   * @param recovered the state after replay
   * @throws IOException if the store was rolled back, damaged or belongs to another cluster: the
   *     message names the files and what disagrees
   */
  default void checkRecovered(StateSnapshot recovered) throws IOException {}

  /**
   * Tells the log that a state is durable and published (after {@link #sync()}).
   *
   * @param published the last state of the group just made durable
   * @throws IOException if the log cannot record it (logged by the caller; writes go on)
   */
  default void durable(StateSnapshot published) throws IOException {}

  /**
   * @return true when the log's files have grown enough that a {@link #snapshot} should compact
   *     them, whatever the number of commands since the last one
   */
  default boolean wantsCompaction() {
    return false;
  }

  /**
   * After {@link #sync()} failed: drops every buffered command, reopens the store, removes any
   * entry after {@code durableIndex} that a failed commit may have left in it (those writes were
   * never acknowledged) and checks that a commit reaches the disk again. The store calls it
   * periodically until it succeeds, and appends nothing meanwhile.
   *
   * @param durableIndex the index of the last acknowledged (published) command
   * @throws IOException if the store still cannot be written (e.g. the disk is still full)
   */
  default void resume(long durableIndex) throws IOException {
    throw new IOException(location() + " cannot be reopened after a failure; restart the server");
  }

  /** Closes the store; idempotent. */
  @Override
  void close();
}
