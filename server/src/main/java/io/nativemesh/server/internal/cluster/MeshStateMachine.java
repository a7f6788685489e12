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
package io.nativemesh.server.internal.cluster;

import io.nativemesh.server.internal.state.Command;
import io.nativemesh.server.internal.state.StateSnapshot;
import io.nativemesh.server.internal.state.StateStore;
import io.nativemesh.server.internal.storage.SnapshotArchive;
import io.nativemesh.server.internal.storage.StateCodec;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.SnapshotInfo;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.util.LifeCycle;
import org.apache.ratis.util.MD5FileUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Ratis state machine in front of our {@link StateStore} (Consul: the Raft FSM): every
 * committed log entry is decoded and applied with {@link StateStore#applyCommitted}, on the Ratis
 * applier thread, in log order. Snapshots are our own {@link SnapshotArchive} of the {@link
 * StateSnapshot}, one file per snapshot in Ratis' {@link SimpleStateMachineStorage}, so Ratis owns
 * when to take them, log purging and sending them to a follower that is too far behind.
 *
 * <p>A log entry holds one command or a batch of them, each with its request ID ({@link
 * LogEntries}); the request ID lets the server that submitted the command complete its writer once
 * it has applied it locally. A read-only query ({@link #query}) is either the read barrier of a
 * linearizable read (answered with the applied index) or a timer message for the leader ({@link
 * TimerMessages}).
 */
final class MeshStateMachine extends BaseStateMachine {
  private static final Logger LOG = LoggerFactory.getLogger(MeshStateMachine.class);

  private final SimpleStateMachineStorage storage = new SimpleStateMachineStorage();
  private final StateStore store;
  private final String datacenter;
  private final Function<byte[], String> queries;
  private final Consumer<Boolean> leadership;
  private volatile RaftPeerId self;

  /**
   * @param store the store committed commands are applied to
   * @param datacenter written into snapshot headers
   * @param queries answers a non-barrier read-only message on the leader
   * @param leadership told {@code true} when this server is a leader ready to serve, {@code false}
   *     when it is no longer the leader
   */
  MeshStateMachine(
      StateStore store,
      String datacenter,
      Function<byte[], String> queries,
      Consumer<Boolean> leadership) {
    this.store = store;
    this.datacenter = datacenter;
    this.queries = queries;
    this.leadership = leadership;
  }

  @Override
  public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage)
      throws IOException {
    super.initialize(server, groupId, raftStorage);
    self = server.getId();
    storage.init(raftStorage);
    load(storage.getLatestSnapshot());
    getLifeCycle().transition(LifeCycle.State.STARTING);
    getLifeCycle().transition(LifeCycle.State.RUNNING);
  }

  @Override
  public void pause() {
    // before a snapshot from the leader replaces the state (Ratis asserts PAUSED)
    getLifeCycle().transition(LifeCycle.State.PAUSING);
    getLifeCycle().transition(LifeCycle.State.PAUSED);
  }

  @Override
  public void reinitialize() throws IOException {
    // a snapshot was installed from the leader
    load(storage.loadLatestSnapshot());
    getLifeCycle().transition(LifeCycle.State.STARTING);
    getLifeCycle().transition(LifeCycle.State.RUNNING);
  }

  private void load(SingleFileSnapshotInfo snapshot) throws IOException {
    if (snapshot == null) {
      return;
    }
    Path file = snapshot.getFile().getPath();
    StateSnapshot s;
    try {
      s = SnapshotArchive.read(Files.readAllBytes(file));
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
    store.install(s);
    updateLastAppliedTermIndex(snapshot.getTermIndex());
    LOG.info("state loaded from snapshot {} (state index {})", file.getFileName(), s.index());
  }

  @Override
  public StateMachineStorage getStateMachineStorage() {
    return storage;
  }

  @Override
  public SnapshotInfo getLatestSnapshot() {
    return storage.getLatestSnapshot();
  }

  @Override
  public long takeSnapshot() throws IOException {
    // on the applier thread: the published state and the last applied entry agree
    StateSnapshot s = store.snapshot();
    TermIndex last = getLastAppliedTermIndex();
    File target = storage.getSnapshotFile(last.getTerm(), last.getIndex());
    Path tmp = target.toPath().resolveSibling(target.getName() + ".tmp");
    Files.write(tmp, SnapshotArchive.write(s, datacenter, Instant.now()));
    try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
      ch.force(true);
    }
    Files.move(tmp, target.toPath(), StandardCopyOption.ATOMIC_MOVE);
    var md5 = MD5FileUtil.computeAndSaveMd5ForFile(target);
    storage.updateLatestSnapshot(
        new SingleFileSnapshotInfo(new FileInfo(target.toPath(), md5), last));
    LOG.info("snapshot at log index {} (state index {})", last.getIndex(), s.index());
    return last.getIndex();
  }

  @Override
  public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
    LogEntryProto entry = trx.getLogEntry();
    byte[] data = entry.getStateMachineLogEntry().getLogData().toByteArray();
    List<Command<?>> commands = new ArrayList<>();
    List<LogEntries.Item> items;
    try {
      items = LogEntries.decode(data);
      for (LogEntries.Item i : items) {
        commands.add(StateCodec.decode(i.command()));
      }
    } catch (IOException e) {
      // a server that cannot read a committed entry must not skip it: its state would diverge
      throw new UncheckedIOException(
          "log entry " + entry.getIndex() + " cannot be decoded by this server", e);
    }
    for (int k = 0; k < items.size(); k++) {
      store.applyCommitted(items.get(k).requestId(), commands.get(k));
    }
    updateLastAppliedTermIndex(entry.getTerm(), entry.getIndex());
    return CompletableFuture.completedFuture(Message.EMPTY);
  }

  @Override
  public CompletableFuture<Message> query(Message request) {
    byte[] q = request.getContent().toByteArray();
    if (q.length == 0) {
      return CompletableFuture.completedFuture(
          Message.valueOf(Long.toString(store.snapshot().index())));
    }
    return CompletableFuture.completedFuture(Message.valueOf(queries.apply(q)));
  }

  @Override
  public void notifyLeaderReady() {
    leadership.accept(true);
  }

  @Override
  public void notifyLeaderChanged(RaftGroupMemberId member, RaftPeerId newLeader) {
    if (!member.getPeerId().equals(newLeader)) {
      leadership.accept(false);
    }
  }
}
