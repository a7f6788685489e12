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

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.exceptions.AlreadyClosedException;
import org.apache.ratis.protocol.exceptions.RaftRetryFailureException;
import org.apache.ratis.retry.RetryPolicies;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server's Ratis client to its group, which carries the server's writes (and read-index and admin
 * requests) to the leader. A failed attempt is retried every 100 ms up to the write timeout, and
 * one attempt waits at most the attempt timeout (twice the longest election timeout) for its reply.
 *
 * <p>Why an attempt is bounded apart from the write: Ratis sends ordered writes to the peer it
 * believes leads, and a peer that was killed and restarted on its address accepts the connection
 * but may not answer while it replays its log. An attempt that waited the whole write timeout there
 * failed the write although a new leader had been serving for seconds, and held every later write
 * of the server behind it (one sliding window per client): in the greeter demo a heartbeat's TTL
 * check update waited 7 s on the new leader and the check lapsed. A resent attempt is safe: it
 * keeps its call ID, so the leader's retry cache answers it with the first one's outcome instead of
 * applying it twice.
 *
 * <p>Ratis' ordered writes share one sliding window per client, and once a write exhausts its
 * retries (no leader for the whole write timeout) the window is closed for good. This holder then
 * replaces the client, and a write that the closed window refused ({@code AlreadyClosedException},
 * never sent) is sent once more on the new one; no other failure is resent, as the entry may
 * already be in a log. Thread-safe.
 */
final class GroupClient implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GroupClient.class);

  private final RaftProperties properties;
  private final RaftGroup group;
  private final Duration writeTimeout;
  private volatile RaftClient client;
  private boolean closed; // guarded by this

  /**
   * @param properties the server's Ratis properties
   * @param group the group the server starts with
   * @param writeTimeout how long one write may be retried
   * @param attemptTimeout how long one attempt waits for its reply (at most {@code writeTimeout})
   */
  GroupClient(
      RaftProperties properties, RaftGroup group, Duration writeTimeout, Duration attemptTimeout) {
    this.properties = new RaftProperties(properties);
    Duration attempt = attemptTimeout.compareTo(writeTimeout) < 0 ? attemptTimeout : writeTimeout;
    RaftClientConfigKeys.Rpc.setRequestTimeout(
        this.properties, RaftSettings.millis(attempt.toMillis()));
    this.group = group;
    this.writeTimeout = writeTimeout;
    this.client = newClient();
  }

  /**
   * @return the client in use now (for read-index, leader queries and admin requests)
   */
  RaftClient current() {
    return client;
  }

  private RaftClient newClient() {
    int attempts = (int) Math.max(1, writeTimeout.toMillis() / 100);
    return RaftClient.newBuilder()
        .setProperties(properties)
        .setRaftGroup(group)
        .setClientId(ClientId.randomId())
        .setLeaderId(null)
        .setRetryPolicy(
            RetryPolicies.retryUpToMaximumCountWithFixedSleep(attempts, RaftSettings.millis(100)))
        .build();
  }

  /**
   * Replaces {@code broken} with a new client. Ratis' ordered writes share one sliding window per
   * client; once a write exhausts its retries (no leader for the whole write timeout) the window is
   * closed and every later write on that client fails with {@code AlreadyClosedException}, so the
   * server would refuse writes for good after one leaderless spell.
   */
  private void renew(RaftClient broken) {
    RaftClient fresh;
    synchronized (this) {
      if (client != broken || closed) {
        return;
      }
      fresh = newClient();
      client = fresh;
    }
    LOG.info("Raft client renewed after its ordered write window was closed");
    try {
      broken.close();
    } catch (IOException e) {
      LOG.debug("closing the broken Raft client: {}", e.toString());
    }
  }

  /**
   * Sends a write on the current client. A write refused with {@code AlreadyClosedException} was
   * never sent (Ratis refuses new submissions to a closed window at once), so it is sent once more
   * on the renewed client; no other failure is resent, as the entry may already be in a log.
   *
   * @param m the encoded entry
   * @return the reply, or the failure of the (last) attempt
   */
  CompletableFuture<RaftClientReply> send(Message m) {
    return send(m, true);
  }

  private CompletableFuture<RaftClientReply> send(Message m, boolean mayResend) {
    RaftClient c = client;
    CompletableFuture<RaftClientReply> f;
    try {
      f = c.async().send(m);
    } catch (RuntimeException e) {
      f = CompletableFuture.failedFuture(e);
    }
    return f.handle(
            (reply, err) -> {
              Throwable t = err != null ? err : reply.getException();
              if (closesWindow(t)) {
                renew(c);
              }
              Throwable cause =
                  t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
              if (mayResend && cause instanceof AlreadyClosedException) {
                return send(m, false);
              }
              return err == null
                  ? CompletableFuture.completedFuture(reply)
                  : CompletableFuture.<RaftClientReply>failedFuture(err);
            })
        .thenCompose(x -> x);
  }

  private static boolean closesWindow(Throwable err) {
    Throwable t =
        err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
    return t instanceof AlreadyClosedException || t instanceof RaftRetryFailureException;
  }

  /** Closes the current client; later writes fail. Idempotent. */
  @Override
  public void close() {
    RaftClient c;
    synchronized (this) {
      closed = true;
      c = client;
    }
    try {
      c.close();
    } catch (IOException e) {
      LOG.debug("closing the Raft client: {}", e.toString());
    }
  }
}
