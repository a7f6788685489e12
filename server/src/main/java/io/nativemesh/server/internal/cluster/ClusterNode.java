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

import io.nativemesh.server.ClusterConfig;
import io.nativemesh.server.ServerConfig;
import io.nativemesh.server.internal.http.HttpError;
import io.nativemesh.server.internal.state.Command;
import io.nativemesh.server.internal.state.StateStore;
import io.nativemesh.server.internal.storage.StateCodec;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.proto.RaftProtos.RoleInfoProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.exceptions.RaftRetryFailureException;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One server of a NativeMesh server cluster (docs/cluster.md): an Apache Ratis server whose state
 * machine is our {@link StateStore}, plus a Ratis client to the group that carries this server's
 * writes to the leader. Every command goes through the Raft log and is acknowledged once a quorum
 * has it durably and this server has applied it. Reads use {@link #readBarrier()} (Raft read-index,
 * also on a follower) unless the caller asked for {@code ?stale}.
 *
 * <p>The first group comes from the configuration: the peer ID of a server is its replication
 * address ({@code host_port}) and the group ID is derived from the datacenter, so servers started
 * with the same {@code -retry-join} set and {@code -bootstrap-expect} form one group. A server
 * started without {@code -bootstrap-expect} joins a running group instead ({@code RaftJoin}).
 * Writes are batched into entries by a {@code WriteBatcher} and carried by a {@code GroupClient};
 * the Ratis settings come from {@code RaftSettings}. Thread-safe.
 */
public final class ClusterNode implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterNode.class);

  /** Pauses between read-index attempts, one daemon thread for every server in the JVM. */
  private static final java.util.concurrent.ScheduledExecutorService RETRY_PAUSES =
      java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "nativemesh-raft-read-retry");
            t.setDaemon(true);
            return t;
          });

  /** Consul's reason when there is no leader (HTTP 500). */
  public static final String NO_LEADER = "No cluster leader";

  private final ClusterConfig cluster;
  private final RaftGroup group;
  private final RaftPeerId selfId;
  private final ServerNames names;
  private final RaftPeer self;
  private final RaftProperties properties;
  private final StateStore store;
  private final Path storageDir;
  private final String datacenter;
  private RaftServer server;
  private volatile GroupClient client;
  private boolean closed; // guarded by this
  private volatile long lastHeardNanos = System.nanoTime();
  private final WriteBatcher batcher =
      new WriteBatcher(entry -> client.send(Message.valueOf(ByteString.copyFrom(entry))));

  /**
   * Prepares the node and its replicated store; nothing listens until {@link #start}.
   *
   * @param config the server configuration; {@link ServerConfig#cluster()} must be set
   */
  public ClusterNode(ServerConfig config) {
    this.cluster = config.cluster();
    this.datacenter = config.datacenter();
    List<RaftPeer> peers = new ArrayList<>();
    for (String a : cluster.servers()) {
      peers.add(RaftPeer.newBuilder().setId(peerId(a)).setAddress(a).build());
    }
    this.group = RaftGroup.valueOf(groupId(config.datacenter()), peers);
    this.self =
        RaftPeer.newBuilder()
            .setId(peerId(cluster.selfAddress()))
            .setAddress(cluster.selfAddress())
            .build();
    this.selfId = peerId(cluster.selfAddress());
    this.names = new ServerNames(selfId.toString(), config.nodeName());
    this.storageDir = config.dataDir().resolve("raft");
    this.properties = RaftSettings.of(cluster, storageDir);
    // the store's own apply timeout is the backstop for a write committed but never applied here;
    // it runs a second past the write timeout so that a write refused for want of a leader fails
    // with this node's "No cluster leader" (500), not with the backstop's 503
    this.store = new StateStore(this::replicate, cluster.writeTimeout().plusSeconds(1));
  }

  /**
   * @param address a replication address, {@code host:port}
   * @return the Raft peer ID of the server at that address
   */
  public static RaftPeerId peerId(String address) {
    return RaftPeerId.valueOf(address.replace(':', '_').replace('[', '_').replace(']', '_'));
  }

  private static RaftGroupId groupId(String datacenter) {
    return RaftGroupId.valueOf(
        UUID.nameUUIDFromBytes(
            ("nativemesh-server-cluster/" + datacenter).getBytes(StandardCharsets.UTF_8)));
  }

  private static <T> void complete(CompletableFuture<T> f, T value, Throwable err) {
    if (err != null) {
      f.completeExceptionally(err);
    } else {
      f.complete(value);
    }
  }

  /**
   * @return the replicated store (fed by the Raft log once {@link #start} has run)
   */
  public StateStore store() {
    return store;
  }

  /**
   * Starts the Raft server (restoring the latest snapshot and replaying the log after it) and the
   * client. Returns without waiting for a leader.
   *
   * @param queries answers timer messages sent to the leader ({@link #sendToLeader})
   * @param leadership told true when this server becomes a leader ready to serve, false when it
   *     stops being the leader; called on a Ratis thread, must not block
   * @throws IOException if the storage cannot be opened or the port bound
   */
  public void start(Function<byte[], String> queries, Consumer<Boolean> leadership)
      throws IOException {
    Files.createDirectories(storageDir);
    MeshStateMachine sm = new MeshStateMachine(store, datacenter, queries, leadership);
    // a joining server starts with an empty group (or the configuration stored in its data
    // directory) and is added by the running cluster's leader; see RaftJoin
    server =
        RaftServer.newBuilder()
            .setServerId(selfId)
            .setGroup(cluster.joins() ? RaftGroup.valueOf(group.getGroupId()) : group)
            .setStateMachine(sm)
            .setProperties(properties)
            .setOption(RaftStorage.StartupOption.RECOVER)
            .build();
    server.start();
    client =
        new GroupClient(
            properties,
            group,
            cluster.writeTimeout(),
            cluster.electionTimeoutMax().multipliedBy(2));
    if (cluster.joins()) {
      RaftJoin.start(properties, group.getGroupId(), self, cluster.retryJoin(), this::isMember);
    }
    LOG.info(
        "cluster server {} started: group {} of {}, election timeout {}..{} ms",
        selfId,
        group.getGroupId().getUuid(),
        cluster.servers(),
        cluster.electionTimeoutMin().toMillis(),
        cluster.electionTimeoutMax().toMillis());
  }

  private synchronized boolean isClosed() {
    return closed;
  }

  /**
   * @return true if this server is in its current Raft configuration, null once it is closed
   */
  private Boolean isMember() {
    return isClosed() ? null : inConfiguration();
  }

  private boolean inConfiguration() {
    try {
      return peers().stream().anyMatch(p -> p.getId().equals(selfId));
    } catch (IllegalStateException e) {
      return false;
    }
  }

  private CompletableFuture<?> replicate(String requestId, Command<?> command) {
    byte[] encoded;
    try {
      encoded = StateCodec.encode(command);
    } catch (IOException e) {
      return CompletableFuture.failedFuture(e);
    }
    return bounded(
        batcher.submit(requestId, encoded).thenApply(RaftClientReply.class::cast), "write");
  }

  /**
   * The read barrier of {@code ?consistent} and default-mode reads: a Raft read-index through the
   * leader; completes once this server has applied everything committed when the read started.
   *
   * @return completes normally, or fails with an {@link HttpError} 500 "No cluster leader" within
   *     the write timeout
   */
  public CompletableFuture<Void> readBarrier() {
    long deadline = System.nanoTime() + cluster.writeTimeout().toNanos();
    return bounded(readIndex(deadline), "read").thenApply(r -> null);
  }

  /**
   * One read-index attempt after another until one succeeds or the deadline passes. An attempt is
   * bounded by twice the election timeout: a follower whose leader was just killed may wait on it
   * for the whole client timeout, although a new leader is elected within that bound and would
   * answer a new attempt.
   */
  private CompletableFuture<RaftClientReply> readIndex(long deadline) {
    long leftMs = (deadline - System.nanoTime()) / 1_000_000;
    long attemptMs = Math.max(1, Math.min(leftMs, 2 * cluster.electionTimeoutMax().toMillis()));
    CompletableFuture<RaftClientReply> attempt;
    try {
      attempt = client.current().async().sendReadOnlyUnordered(Message.EMPTY, selfId);
    } catch (RuntimeException e) {
      attempt = CompletableFuture.failedFuture(e);
    }
    return attempt
        .orTimeout(attemptMs, TimeUnit.MILLISECONDS)
        .handle(
            (reply, err) -> {
              boolean ok = err == null && reply.isSuccess();
              if (ok || System.nanoTime() - deadline >= 0 || isClosed()) {
                return err == null
                    ? CompletableFuture.completedFuture(reply)
                    : CompletableFuture.<RaftClientReply>failedFuture(err);
              }
              // a pause so that attempts refused at once (no leader yet) do not spin
              CompletableFuture<RaftClientReply> next = new CompletableFuture<>();
              RETRY_PAUSES.schedule(
                  () -> readIndex(deadline).whenComplete((r, e) -> complete(next, r, e)),
                  50,
                  TimeUnit.MILLISECONDS);
              return next;
            })
        .thenCompose(x -> x);
  }

  /**
   * Sends a message to the leader's state machine query handler (leader-local timers).
   *
   * @param message the message (non-empty)
   * @return the handler's answer
   */
  public CompletableFuture<String> sendToLeader(byte[] message) {
    return bounded(
            client
                .current()
                .async()
                .sendReadOnlyNonLinearizable(Message.valueOf(ByteString.copyFrom(message))),
            "timer")
        .thenApply(r -> r.getMessage().getContent().toStringUtf8());
  }

  private CompletableFuture<RaftClientReply> bounded(
      CompletableFuture<RaftClientReply> f, String what) {
    return f.orTimeout(cluster.writeTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .handle(
            (reply, err) -> {
              if (err == null && reply.isSuccess()) {
                return reply;
              }
              Throwable cause =
                  err instanceof CompletionException && err.getCause() != null
                      ? err.getCause()
                      : err != null ? err : reply.getException();
              LOG.debug("cluster {} failed: {}", what, String.valueOf(cause));
              String reason;
              if (!knownLeader()) {
                reason = NO_LEADER;
              } else if (cause instanceof RaftRetryFailureException
                  || cause instanceof TimeoutException) {
                // a leader we still know of, but no quorum committed within the timeout: the
                // leader is cut off or gone and not yet replaced
                reason =
                    NO_LEADER
                        + ": the "
                        + what
                        + " was not committed by a quorum within "
                        + cluster.writeTimeout().toMillis()
                        + " ms"
                        + ("write".equals(what) ? " (it may still be applied later)" : "");
              } else {
                reason = "cluster " + what + " failed: " + cause;
              }
              throw new HttpError(HttpResponseStatus.INTERNAL_SERVER_ERROR, reason);
            });
  }

  /**
   * @return the servers' node names as this server knows them ({@code ServerNames})
   */
  ServerNames names() {
    return names;
  }

  /**
   * @return how long a write or a consistent read waits for a leader ({@link ClusterConfig})
   */
  public Duration writeTimeout() {
    return cluster.writeTimeout();
  }

  /**
   * @return this server's Raft peer ID
   */
  public String selfId() {
    return selfId.toString();
  }

  private DivisionInfo info() {
    try {
      return server.getDivision(group.getGroupId()).getInfo();
    } catch (IOException e) {
      throw new IllegalStateException("Raft group not found", e);
    }
  }

  /**
   * @return true if this server is the leader
   */
  public boolean isLeader() {
    return info().isLeader();
  }

  /**
   * @return the leader's replication address, or null when no leader is known
   */
  public String leaderAddress() {
    RaftPeerId id = info().getLeaderId();
    if (id == null) {
      return null;
    }
    for (RaftPeer p : peers()) {
      if (p.getId().equals(id)) {
        return p.getAddress();
      }
    }
    return null;
  }

  /**
   * @return true if this server knows a leader (Consul: {@code X-Consul-KnownLeader})
   */
  public boolean knownLeader() {
    return server != null && info().getLeaderId() != null;
  }

  /**
   * @return milliseconds since this server last heard from the leader; 0 on the leader (Consul:
   *     {@code X-Consul-LastContact})
   */
  public long lastContactMillis() {
    DivisionInfo i = info();
    long now = System.nanoTime();
    if (i.isLeader()) {
      lastHeardNanos = now;
      return 0;
    }
    RoleInfoProto role = i.getRoleInfoProto();
    if (i.getLeaderId() != null
        && role.hasFollowerInfo()
        && role.getFollowerInfo().hasLeaderInfo()) {
      long elapsed = role.getFollowerInfo().getLeaderInfo().getLastRpcElapsedTimeMs();
      lastHeardNanos = now - elapsed * 1_000_000;
      return elapsed;
    }
    // no leader now (candidate): the time since a leader was last heard from, as this server saw it
    return (now - lastHeardNanos) / 1_000_000;
  }

  /**
   * @return on the leader, milliseconds since each follower last answered it (Raft peer ID to ms;
   *     Ratis keeps retrying a dead follower, so its figure keeps growing); empty on a follower
   */
  public java.util.Map<String, Long> followerContactMillis() {
    DivisionInfo i = info();
    java.util.Map<String, Long> out = new java.util.HashMap<>();
    RoleInfoProto role = i.getRoleInfoProto();
    if (i.isLeader() && role.hasLeaderInfo()) {
      for (var f : role.getLeaderInfo().getFollowerInfoList()) {
        out.put(f.getId().getId().toStringUtf8(), f.getLastRpcElapsedTimeMs());
      }
    }
    return out;
  }

  /**
   * @return the current Raft term
   */
  public long term() {
    return info().getCurrentTerm();
  }

  /**
   * @return the last applied Raft log index
   */
  public long lastAppliedIndex() {
    return info().getLastAppliedIndex();
  }

  /**
   * @return the voting servers of the current Raft configuration
   */
  public List<RaftPeer> peers() {
    try {
      return new ArrayList<>(
          server
              .getDivision(group.getGroupId())
              .getRaftConf()
              .getCurrentPeers(RaftPeerRole.FOLLOWER));
    } catch (IOException e) {
      throw new IllegalStateException("Raft group not found", e);
    }
  }

  /**
   * Removes a server from the Raft configuration (Consul API: DELETE /v1/operator/raft/peer).
   *
   * @param idOrAddress the peer's ID or replication address
   * @return false if no such peer is in the configuration
   * @throws HttpError 500 when the change is not committed (no leader)
   */
  public boolean removePeer(String idOrAddress) {
    List<RaftPeer> now = peers();
    List<RaftPeer> next = new ArrayList<>();
    for (RaftPeer p : now) {
      if (!p.getId().toString().equals(idOrAddress) && !p.getAddress().equals(idOrAddress)) {
        next.add(p);
      }
    }
    if (next.size() == now.size()) {
      return false;
    }
    RaftClientReply reply;
    try {
      reply = client.current().admin().setConfiguration(next);
    } catch (IOException e) {
      throw new HttpError(HttpResponseStatus.INTERNAL_SERVER_ERROR, NO_LEADER + ": " + e);
    }
    if (!reply.isSuccess()) {
      throw new HttpError(
          HttpResponseStatus.INTERNAL_SERVER_ERROR,
          "removing the peer failed: " + reply.getException());
    }
    return true;
  }

  /**
   * Asks this server to stop being the leader (tests, operators): leadership moves to another
   * server.
   *
   * @return true if the transfer succeeded
   */
  public boolean stepDown() {
    try {
      return client.current().admin().transferLeadership(null, 5_000).isSuccess();
    } catch (IOException e) {
      LOG.warn("leadership transfer failed: {}", e.toString());
      return false;
    }
  }

  /** Closes the client, then the Raft server. Idempotent. */
  @Override
  public void close() {
    synchronized (this) {
      closed = true;
    }
    if (client != null) {
      client.close();
    }
    try {
      if (server != null) {
        server.close();
      }
    } catch (IOException e) {
      LOG.warn("closing the Raft server: {}", e.toString());
    }
    store.close();
  }
}
