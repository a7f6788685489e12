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
package io.nativemesh.gossip;

import io.nativemesh.gossip.internal.EngineSettings;
import io.nativemesh.gossip.internal.GossipEngine;
import io.nativemesh.gossip.internal.Membership;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A member of a hashicorp/memberlist-compatible gossip pool (SWIM + Lifeguard). Create with {@link
 * #start(GossipConfig, GossipListener...)}, which binds UDP and TCP on the configured port, joins
 * the seeds (TCP push/pull) and starts probing and gossiping. {@link #close()} leaves cleanly (the
 * pool sees {@link MemberState#LEFT}) and releases every thread and socket.
 *
 * <p>All methods are thread-safe. Listener callbacks run on one dedicated event thread.
 *
 * @since 0.1.0
 */
public final class GossipPool implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GossipPool.class);

  /** Default wait of {@link #close()} for the leave message to be gossiped. */
  public static final Duration DEFAULT_LEAVE_TIMEOUT = Duration.ofSeconds(2);

  private final GossipConfig config;
  private final GossipEngine engine;
  private final List<GossipListener> listeners = new CopyOnWriteArrayList<>();
  private final ExecutorService events;
  private volatile boolean closed;

  private GossipPool(GossipConfig config, List<GossipListener> initial) throws IOException {
    this.config = config;
    this.listeners.addAll(initial);
    this.events =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "gossip-events-" + config.name());
              t.setDaemon(true);
              return t;
            });
    Profile p = config.profile();
    EngineSettings s =
        new EngineSettings(
            config.probeInterval(),
            config.probeTimeout(),
            p.indirectChecks(),
            config.gossipInterval(),
            p.gossipNodes(),
            p.retransmitMult(),
            p.suspicionMult(),
            p.suspicionMaxTimeoutMult(),
            config.pushPullInterval(),
            p.gossipToTheDeadTime(),
            p.tcpTimeout(),
            Profile.AWARENESS_MAX_MULTIPLIER,
            Profile.UDP_BUFFER_SIZE,
            config.disableTcpPings(),
            config.deadNodeReclaimTime(),
            config.enableCompression());
    Membership.Events sink =
        new Membership.Events() {
          @Override
          public void joined(Member m) {
            dispatch(l -> l.onJoin(m));
          }

          @Override
          public void updated(Member m) {
            dispatch(l -> l.onUpdate(m));
          }

          @Override
          public void left(Member m) {
            dispatch(l -> l.onLeave(m));
          }

          @Override
          public void failed(Member m) {
            dispatch(l -> l.onFail(m));
          }
        };
    this.engine =
        new GossipEngine(
            config.name(),
            config.bindAddress(),
            config.bindPort(),
            config.advertiseAddress(),
            config.advertisePort(),
            s,
            config.keyring(),
            config.label(),
            config.metadata(),
            config.outgoingUdpLoss(),
            sink,
            payload -> dispatch(l -> l.onMessage(payload)));
  }

  /**
   * Binds, joins the configured seeds and starts gossiping.
   *
   * @param listeners listeners registered before the first event (so the initial joins are seen)
   * @throws GossipException if the port cannot be bound
   * @throws JoinException if seeds are configured and none could be contacted (the pool is closed)
   */
  public static GossipPool start(GossipConfig config, GossipListener... listeners) {
    Objects.requireNonNull(config, "config");
    GossipPool pool;
    try {
      pool = new GossipPool(config, Arrays.stream(listeners).filter(Objects::nonNull).toList());
    } catch (IOException e) {
      throw new GossipException("cannot bind " + config.bindAddress() + ":" + config.bindPort(), e);
    }
    pool.engine.start();
    if (!config.seeds().isEmpty()) {
      try {
        pool.join(config.seeds());
      } catch (JoinException e) {
        pool.shutdown();
        throw e;
      }
    }
    return pool;
  }

  /**
   * Joins more seeds (TCP push/pull with each).
   *
   * @param hostPorts {@code host:port} (port defaults to 7946)
   * @return the number of seeds contacted successfully
   * @throws JoinException if none could be contacted
   */
  public int join(List<String> hostPorts) {
    List<InetSocketAddress> addrs = new ArrayList<>();
    for (String hp : hostPorts) {
      addrs.add(parse(hp));
    }
    Map.Entry<Integer, IOException> r = engine.join(addrs);
    if (r.getKey() == 0) {
      throw new JoinException("could not contact any seed of " + hostPorts, r.getValue());
    }
    return r.getKey();
  }

  static InetSocketAddress parse(String hp) {
    int i = hp.lastIndexOf(':');
    if (i < 0 || hp.endsWith("]")) {
      return new InetSocketAddress(hp.replace("[", "").replace("]", ""), 7946);
    }
    String host = hp.substring(0, i).replace("[", "").replace("]", "");
    return new InetSocketAddress(host, Integer.parseInt(hp.substring(i + 1)));
  }

  private void dispatch(Consumer<GossipListener> call) {
    if (closed) {
      return;
    }
    try {
      events.execute(
          () -> {
            for (GossipListener l : listeners) {
              try {
                call.accept(l);
              } catch (RuntimeException e) {
                LOG.warn("gossip listener failed", e);
              }
            }
          });
    } catch (RejectedExecutionException e) {
      // closing
    }
  }

  /** Alive and suspect members including this node (memberlist {@code Members()}); a snapshot. */
  public List<Member> members() {
    return engine.membership().members();
  }

  /** Every member still in the table, including dead and left ones not yet reaped; a snapshot. */
  public List<Member> allMembers() {
    return engine.membership().allMembers();
  }

  /** The named member as last seen, or null. */
  public Member member(String name) {
    return engine.membership().member(name);
  }

  /** This node as the pool sees it. */
  public Member localMember() {
    return engine.membership().member(config.name());
  }

  /** The bound UDP/TCP port (useful with port 0). */
  public int port() {
    return engine.boundPort();
  }

  /** {@code host:port} other nodes can use as a seed for this one. */
  public String address() {
    try {
      return InetAddress.getByAddress(engine.advertiseAddr()).getHostAddress()
          + ":"
          + engine.advertisePort();
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Replaces this node's metadata, bumps its incarnation and gossips it (memberlist {@code
   * UpdateNode}).
   *
   * @param metadata at most 512 bytes
   * @param wait how long to block until the update was sent enough times (zero: do not wait)
   * @throws IllegalArgumentException if the metadata is too large
   */
  public void updateMetadata(byte[] metadata, Duration wait) {
    if (metadata == null || metadata.length > 512) {
      throw new IllegalArgumentException("metadata must be at most 512 bytes");
    }
    try {
      engine.updateMeta(metadata, wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Queues a best-effort user message piggybacked on gossip to every member (not to this node). */
  public void broadcast(byte[] payload) {
    if (payload.length > Profile.UDP_BUFFER_SIZE - 64) {
      throw new IllegalArgumentException("broadcast payload too large for one packet");
    }
    engine.broadcast(payload.clone());
  }

  /**
   * Sends a user message to one member over TCP (memberlist {@code SendReliable}).
   *
   * @throws GossipException if the member is unknown or the send fails
   */
  public void sendReliable(String member, byte[] payload) {
    Member m = requireMember(member);
    try {
      engine.streams().sendUser(m.address(), payload);
    } catch (IOException e) {
      throw new GossipException("reliable send to " + member + " failed", e);
    }
  }

  /**
   * Sends a user message to one member in a single UDP packet (memberlist {@code SendBestEffort}).
   */
  public void sendBestEffort(String member, byte[] payload) {
    Member m = requireMember(member);
    engine.sendBestEffort(
        m.address(), m.protocolMax(), payload); // node known: CRC if PMax >= 5, like Go
  }

  private Member requireMember(String name) {
    Member m = member(name);
    if (m == null) {
      throw new GossipException("unknown member " + name);
    }
    return m;
  }

  /** Registers a listener for future events (events already dispatched are not replayed). */
  public void addListener(GossipListener l) {
    listeners.add(Objects.requireNonNull(l));
  }

  /** Unregisters a listener; events already queued may still reach it. */
  public void removeListener(GossipListener l) {
    listeners.remove(l);
  }

  /** Lifeguard local health score (0 = healthy, up to 7). */
  public int healthScore() {
    return engine.awareness().score();
  }

  /** Traffic and dropped-packet counters. */
  public GossipStats stats() {
    return engine.stats().snapshot(engine.awareness().score());
  }

  /** The configuration this pool was started with. */
  public GossipConfig config() {
    return config;
  }

  /**
   * Gossips this node's departure and waits up to {@code timeout} for it to be sent; the node keeps
   * running (answering probes) until {@link #close()}.
   */
  public void leave(Duration timeout) {
    try {
      engine.leave(timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops without leaving: peers will detect this node as failed (like a crash). Idempotent. */
  public void shutdown() {
    closed = true;
    engine.shutdown();
    events.shutdown();
    try {
      events.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    events.shutdownNow();
  }

  /** Leaves cleanly (waiting up to {@link #DEFAULT_LEAVE_TIMEOUT}) and shuts down. Idempotent. */
  @Override
  public void close() {
    if (!engine.isShutdown()) {
      leave(DEFAULT_LEAVE_TIMEOUT);
    }
    shutdown();
  }
}
