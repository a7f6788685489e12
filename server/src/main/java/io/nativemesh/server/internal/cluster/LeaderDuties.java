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

import io.nativemesh.server.internal.agent.SessionTimers;
import io.nativemesh.server.internal.agent.TimerRelay;
import io.nativemesh.server.internal.agent.TtlCheckMonitor;
import io.nativemesh.server.internal.state.StateStore;
import io.nativemesh.server.internal.state.StoredCheck;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What only the leader does (Consul: leader duties): it bootstraps the shared state once (the node
 * and the CA root, when the replicated state has none), and it runs the session and TTL-check
 * timers. A server that becomes leader re-arms every timer with its full TTL, as Consul's new
 * leader resets session timers; one that stops being leader drops them. Arms and disarms made on a
 * follower (a session renewed, a TTL check updated there) are sent to the leader as Ratis read-only
 * messages, which its state machine hands to {@link #onMessage}: leader-local soft state, like
 * Consul's forwarded {@code Session.Renew}, never in the log. Thread-safe.
 */
public final class LeaderDuties implements TimerRelay {
  private static final Logger LOG = LoggerFactory.getLogger(LeaderDuties.class);

  /** The message that asks the leader for {@link #members()}. */
  static final String MEMBERS = "MEMBERS";

  /** The message that tells the leader a server's node name and asks for all ({@link #hello}). */
  static final String HELLO = "HELLO";

  /** {@link #members()} on a server that does not lead. */
  static final String NOT_LEADER = "not leader";

  private final ClusterNode node;
  private final StateStore store;
  private final SessionTimers sessions;
  private final TtlCheckMonitor ttlChecks;
  private final Executor executor;
  private final Runnable bootstrap;
  private volatile boolean leading;

  /**
   * @param node the cluster server
   * @param store the replicated store
   * @param sessions the session timers
   * @param ttlChecks the TTL check timers
   * @param executor runs the leader's start-up work (it writes, so it may wait for a quorum)
   * @param bootstrap writes the node and CA root when the state has none (idempotent)
   */
  public LeaderDuties(
      ClusterNode node,
      StateStore store,
      SessionTimers sessions,
      TtlCheckMonitor ttlChecks,
      Executor executor,
      Runnable bootstrap) {
    this.node = node;
    this.store = store;
    this.sessions = sessions;
    this.ttlChecks = ttlChecks;
    this.executor = executor;
    this.bootstrap = bootstrap;
  }

  /**
   * Leadership changed (from the Ratis state machine; must not block).
   *
   * @param leader true when this server became a leader ready to serve
   */
  public void onLeadership(boolean leader) {
    leading = leader;
    if (!leader) {
      sessions.close();
      ttlChecks.close();
      try {
        executor.execute(this::hello); // a new leader (or none yet): tell it our name
      } catch (RejectedExecutionException e) {
        // the server is stopping
      }
      return;
    }
    executor.execute(
        () -> {
          try {
            bootstrap.run();
          } catch (RuntimeException e) {
            LOG.warn("leader bootstrap failed (retried at the next election): {}", e.toString());
          }
          if (!leading) {
            return;
          }
          sessions.armAll();
          // a TTL check gets its TTL plus the write timeout: the updates sent right after an
          // election go through the followers' Raft clients, which may still be retrying the dead
          // leader for up to that long, and a check must not lapse for the cluster's own failover
          Duration grace = node.writeTimeout();
          for (StoredCheck c : store.snapshot().checks().values()) {
            if (c.ttl() != null) {
              ttlChecks.armHere(c.check().checkId(), c.ttl().plus(grace));
            }
          }
          LOG.info("this server leads; session and TTL check timers re-armed");
        });
  }

  /**
   * The leader's view of the servers (it alone hears from all of them: Raft heartbeats stand in for
   * Serf's probes): {@code <peer id>=<ms since it last answered>} for itself (0) and per follower,
   * one a line, or {@code not leader} on a server that no longer leads.
   *
   * @return the view
   */
  String members() {
    if (!node.isLeader()) {
      return NOT_LEADER;
    }
    return view(node);
  }

  /**
   * @param node a cluster server that leads
   * @return its view, as {@link #members()} answers it
   */
  static String view(ClusterNode node) {
    StringBuilder b = new StringBuilder(node.selfId()).append("=0\n");
    node.followerContactMillis()
        .forEach((id, ms) -> b.append(id).append('=').append(ms).append('\n'));
    return b.toString();
  }

  /**
   * On a follower that knows a leader: tells the leader this server's node name and merges the
   * names the leader knows into {@link ServerNames} (Consul's servers learn each other's names from
   * Serf). Called at each leader change and every 10 s; asynchronous, a failure is only logged at
   * debug level (the next call retries).
   */
  public void hello() {
    if (leading || !node.knownLeader()) {
      return;
    }
    String msg = HELLO + "\n" + node.selfId() + "\n" + node.names().name(node.selfId());
    CompletableFuture<String> sent;
    try {
      sent = node.sendToLeader(msg.getBytes(StandardCharsets.UTF_8));
    } catch (RuntimeException e) { // a closed client: the server is stopping
      LOG.debug("cannot tell the leader this server's name: {}", e.toString());
      return;
    }
    sent.whenComplete(
        (names, err) -> {
          if (err != null) {
            LOG.debug("cannot tell the leader this server's name: {}", err.toString());
          } else {
            node.names().merge(names);
          }
        });
  }

  @Override
  public boolean leading() {
    return leading;
  }

  @Override
  public boolean forward(Kind kind, String id, Duration ttl) {
    if (leading) {
      return false;
    }
    String msg = kind.name() + "\n" + id + "\n" + (ttl == null ? "-" : ttl.toNanos());
    node.sendToLeader(msg.getBytes(StandardCharsets.UTF_8))
        .whenComplete(
            (ok, err) -> {
              if (err != null) {
                LOG.warn(
                    "cannot reach the leader to {} {} {}: {}",
                    ttl == null ? "disarm" : "arm",
                    kind,
                    id,
                    err.toString());
              }
            });
    return true;
  }

  /**
   * A timer message from a follower ({@link #forward}), on the leader.
   *
   * @param message the message
   * @return "ok", or why it was ignored
   */
  public String onMessage(byte[] message) {
    String[] p = new String(message, StandardCharsets.UTF_8).split("\n", 3);
    if (p[0].equals(MEMBERS)) {
      return members();
    }
    if (p.length != 3) {
      return "malformed";
    }
    if (p[0].equals(HELLO)) {
      node.names().put(p[1], p[2]);
      return node.names().encode();
    }
    Duration ttl = p[2].equals("-") ? null : Duration.ofNanos(Long.parseLong(p[2]));
    boolean session = p[0].equals(Kind.SESSION.name());
    if (ttl == null) {
      if (session) {
        sessions.disarmHere(p[1]);
      } else {
        ttlChecks.disarmHere(p[1]);
      }
    } else if (session) {
      sessions.armHere(p[1], ttl);
    } else {
      ttlChecks.armHere(p[1], ttl);
    }
    return "ok";
  }
}
