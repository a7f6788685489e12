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
package io.nativemesh.gossip.internal;

import io.nativemesh.gossip.Keyring;
import io.nativemesh.gossip.MemberState;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The memberlist node: packet dispatch (ping, indirect ping, ack, nack, gossip messages, compound,
 * compressed, user), the send path with piggybacked broadcasts, and the periodic probe, gossip and
 * push/pull loops. Thread-safe; owns its threads until {@link #shutdown()}.
 */
public final class GossipEngine {
  private static final Logger LOG = LoggerFactory.getLogger(GossipEngine.class);

  /** memberlist's advertised versions: pmin 1, pmax 5, pcur 2, delegate 0/0/0. */
  public static final byte[] VSN = {1, 5, 2, 0, 0, 0};

  private static final int MAX_NESTING = 4;

  private final String localName;
  private final EngineSettings settings;
  private final Envelope envelope;
  private final Stats stats = new Stats();
  private final Awareness awareness;
  private final BroadcastQueue broadcasts;
  private final BroadcastQueue userBroadcasts;
  private final Membership membership;
  private final AckRegistry acks;
  private final ScheduledExecutorService scheduler;
  private final ExecutorService workers;
  private final Transport transport;
  private final Streams streams;
  private final Prober prober;
  private final Consumer<byte[]> userMessages;
  private final AtomicLong seqNo = new AtomicLong();
  private final byte[] advertiseAddr;
  private final int advertisePort;
  private volatile boolean shutdown;
  private byte[] meta;

  /**
   * Binds the transport and registers this node as alive (not yet joined to anyone).
   *
   * @throws IOException if the port cannot be bound
   */
  public GossipEngine(
      String name,
      InetAddress bind,
      int port,
      InetAddress advertise,
      int advPort,
      EngineSettings settings,
      Keyring keyring,
      String label,
      byte[] meta,
      double loss,
      Membership.Events events,
      Consumer<byte[]> userMessages)
      throws IOException {
    this.localName = name;
    this.settings = settings;
    this.meta = meta.clone();
    this.userMessages = userMessages;
    this.envelope = new Envelope(label, keyring);
    this.awareness = new Awareness(settings.awarenessMaxMultiplier());
    this.scheduler =
        Executors.newScheduledThreadPool(1, r -> Transport.daemon(r, "gossip-timer-" + name));
    this.workers = Executors.newCachedThreadPool(r -> Transport.daemon(r, "gossip-worker-" + name));
    Ticker ticker = new SystemTicker(scheduler);
    this.acks = new AckRegistry(ticker);
    final Membership[] ref = new Membership[1];
    this.broadcasts = new BroadcastQueue(() -> ref[0].estNumNodes(), settings.retransmitMult());
    this.userBroadcasts = new BroadcastQueue(() -> ref[0].estNumNodes(), settings.retransmitMult());
    this.membership =
        new Membership(
            name,
            new Membership.Settings(
                settings.suspicionMult(),
                settings.suspicionMaxTimeoutMult(),
                settings.probeInterval().toNanos(),
                settings.gossipToTheDeadTime().toNanos(),
                settings.deadNodeReclaimTime().toNanos()),
            broadcasts,
            awareness,
            ticker,
            events);
    ref[0] = membership;
    this.transport =
        new Transport(name, bind, port, stats, loss, this::handlePacket, this::handleStream);
    InetAddress adv = advertise != null ? advertise : resolveAdvertise(bind);
    this.advertiseAddr = adv.getAddress();
    this.advertisePort = advPort > 0 ? advPort : transport.port();
    this.streams =
        new Streams(
            name,
            envelope,
            keyring,
            membership,
            stats,
            transport,
            settings.tcpTimeout().toMillis(),
            settings.enableCompression(),
            userMessages);
    this.prober = new Prober(this, workers);
    membership.aliveNode(
        new Messages.Alive(
            membership.nextIncarnation(), name, advertiseAddr, advertisePort, this.meta, VSN),
        true,
        null);
  }

  private static InetAddress resolveAdvertise(InetAddress bind) throws IOException {
    if (!bind.isAnyLocalAddress()) {
      return bind;
    }
    return InetAddress.getLocalHost();
  }

  /** Starts the probe, gossip and push/pull loops. */
  public void start() {
    Thread probe = Transport.daemon(this::probeLoop, "gossip-probe-" + localName);
    probe.start();
    long g = settings.gossipInterval().toNanos();
    scheduler.scheduleAtFixedRate(
        this::safeGossip, ThreadLocalRandom.current().nextLong(g), g, TimeUnit.NANOSECONDS);
    schedulePushPull(true);
  }

  private void schedulePushPull(boolean first) {
    if (shutdown) {
      return;
    }
    if (first) {
      // as memberlist's pushPullTrigger: a random stagger in [0, interval), then a wait of one
      // interval scaled for the pool size at that moment, then every scaled interval
      long stagger = ThreadLocalRandom.current().nextLong(settings.pushPullInterval().toNanos());
      scheduler.schedule(() -> schedulePushPull(false), stagger, TimeUnit.NANOSECONDS);
      return;
    }
    long base = pushPullScale(settings.pushPullInterval(), membership.estNumNodes()).toNanos();
    scheduler.schedule(
        () ->
            workers.execute(
                () -> {
                  try {
                    periodicPushPull();
                  } finally {
                    schedulePushPull(false);
                  }
                }),
        base,
        TimeUnit.NANOSECONDS);
  }

  /** memberlist {@code pushPullScale}: ×(ceil(log2 n − log2 32) + 1) above 32 nodes. */
  public static Duration pushPullScale(Duration interval, int n) {
    if (n <= 32) {
      return interval;
    }
    double mult = Math.ceil(Math.log(n) / Math.log(2) - Math.log(32) / Math.log(2)) + 1.0;
    return interval.multipliedBy((long) mult);
  }

  /**
   * Probes on memberlist's ticker grid ({@link ProbeSchedule}). The grid's phase is random per node
   * (memberlist's stagger does not move its ticker, so instances created together in one Go process
   * probe in lockstep; separate processes, the normal case, have unrelated phases).
   */
  private void probeLoop() {
    long interval = settings.probeInterval().toNanos();
    long next = System.nanoTime() + ThreadLocalRandom.current().nextLong(interval); // first tick
    ProbeSchedule schedule = new ProbeSchedule(next, interval);
    try {
      while (!shutdown) {
        for (long wait = next - System.nanoTime(); wait > 0; wait = next - System.nanoTime()) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
        long start = System.nanoTime();
        if (shutdown) {
          return;
        }
        Membership.Target t = membership.nextProbeTarget();
        if (t != null) {
          try {
            prober.probe(t);
          } catch (RuntimeException e) {
            LOG.warn("probe of {} failed", t.name(), e);
          }
        }
        next = schedule.next(start, System.nanoTime());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void safeGossip() {
    try {
      gossip();
    } catch (RuntimeException e) {
      LOG.warn("gossip round failed", e);
    }
  }

  private void gossip() {
    if (shutdown) {
      return;
    }
    List<Membership.Target> targets =
        membership.randomNodes(
            settings.gossipNodes(),
            t ->
                !(t.state() == MemberState.ALIVE
                    || t.state() == MemberState.SUSPECT
                    || (t.state() == MemberState.DEAD && membership.recentlyDead(t.name()))));
    int avail = settings.udpBufferSize() - Compound.HEADER_OVERHEAD - envelope.overhead();
    for (Membership.Target t : targets) {
      List<byte[]> msgs = getBroadcasts(Compound.PART_OVERHEAD, avail);
      if (msgs.isEmpty()) {
        return;
      }
      rawSend(t.socketAddress(), msgs.size() == 1 ? msgs.get(0) : Compound.make(msgs), t.pmax());
    }
  }

  private void periodicPushPull() {
    List<Membership.Target> t = membership.randomNodes(1, x -> x.state() != MemberState.ALIVE);
    if (t.isEmpty()) {
      return;
    }
    try {
      streams.pushPull(t.get(0).socketAddress(), false);
    } catch (IOException e) {
      LOG.debug("push/pull with {} failed: {}", t.get(0).name(), e.toString());
    }
  }

  /** Push/pull with each address; returns how many succeeded and the last error. */
  public Map.Entry<Integer, IOException> join(List<InetSocketAddress> seeds) {
    int ok = 0;
    IOException last = null;
    for (InetSocketAddress a : seeds) {
      try {
        streams.pushPull(a, true);
        ok++;
      } catch (IOException e) {
        last = e;
        LOG.warn("failed to join {}: {}", a, e.toString());
      }
    }
    return Map.entry(ok, last == null ? new IOException("no seeds") : last);
  }

  List<byte[]> getBroadcasts(int overhead, int limit) {
    List<byte[]> out = new ArrayList<>(broadcasts.get(overhead, limit));
    int used = 0;
    for (byte[] b : out) {
      used += overhead + b.length;
    }
    out.addAll(userBroadcasts.get(overhead, limit - used));
    return out;
  }

  // ---- send path

  /** Sends a message with piggybacked broadcasts (memberlist {@code sendMsg}). */
  void sendMsg(InetSocketAddress to, byte[] msg, int pmax) {
    int avail =
        settings.udpBufferSize() - msg.length - Compound.HEADER_OVERHEAD - envelope.overhead();
    List<byte[]> extra = getBroadcasts(Compound.PART_OVERHEAD, avail);
    if (extra.isEmpty()) {
      rawSend(to, msg, pmax);
      return;
    }
    List<byte[]> msgs = new ArrayList<>(extra.size() + 1);
    msgs.add(msg);
    msgs.addAll(extra.subList(0, Math.min(extra.size(), Compound.MAX_PARTS - 1)));
    rawSend(to, Compound.make(msgs), pmax);
  }

  /**
   * Sends one packet; CRC when the destination's PMax ≥ 5. pmax -1 = sent by address only: PMax
   * looked up as memberlist 0.2.2 does ({@link Membership#pmaxAt}), so pings/acks carry no CRC
   * unless nodes are named after their IP, exactly like Go.
   */
  void rawSend(InetSocketAddress to, byte[] msg, int pmax) {
    int p = pmax >= 0 ? pmax : membership.pmaxAt(to);
    byte[] out = msg;
    if (settings.enableCompression()) { // as memberlist: keep the compressed form only if smaller
      byte[] c = new Messages.Compress(0, Lzw.encode(msg)).encode();
      if (c.length < msg.length) {
        out = c;
      }
    }
    transport.send(to, envelope.seal(out, p >= 5));
  }

  Messages.Ping ping(long seq, String node) {
    return new Messages.Ping(seq, node, advertiseAddr, advertisePort, localName);
  }

  // ---- receive path

  private void handlePacket(byte[] packet, InetSocketAddress from) {
    try {
      handleCommand(envelope.open(packet), from, 0);
    } catch (WireFormatException e) {
      stats.drop(e.reason());
      LOG.debug("dropping packet from {}: {}", from, e.getMessage());
    } catch (IOException | RuntimeException e) {
      stats.drop(e instanceof EOFException ? DropReason.TRUNCATED : DropReason.MALFORMED);
      LOG.debug("dropping packet from {}: {}", from, e.toString());
    }
  }

  private void handleCommand(byte[] msg, InetSocketAddress from, int depth) throws IOException {
    if (msg.length == 0) {
      throw new WireFormatException(DropReason.TRUNCATED, "empty message");
    }
    if (depth > MAX_NESTING) {
      throw new WireFormatException("compound/compress nesting too deep");
    }
    int type = msg[0] & 0xff;
    switch (type) {
      case MessageType.COMPOUND -> {
        for (byte[] part : Compound.parts(msg, 1)) {
          try {
            handleCommand(part, from, depth + 1);
          } catch (WireFormatException e) {
            stats.drop(e.reason());
          } catch (IOException | RuntimeException e) {
            stats.drop(e instanceof EOFException ? DropReason.TRUNCATED : DropReason.MALFORMED);
          }
        }
      }
      case MessageType.COMPRESS -> {
        Messages.Compress c = Messages.Compress.decode(Messages.body(msg, 1));
        if (c.algo() != 0) {
          throw new WireFormatException("unknown compression algorithm " + c.algo());
        }
        handleCommand(Lzw.decode(c.buf(), Lzw.MAX_DECOMPRESSED), from, depth + 1);
      }
      case MessageType.PING -> handlePing(Messages.Ping.decode(Messages.body(msg, 1)), from);
      case MessageType.INDIRECT_PING ->
          handleIndirectPing(Messages.IndirectPing.decode(Messages.body(msg, 1)), from);
      case MessageType.ACK -> {
        Messages.Ack a = Messages.Ack.decode(Messages.body(msg, 1));
        acks.ack(a.seqNo(), a.payload());
      }
      case MessageType.NACK -> acks.nack(Messages.Nack.decode(Messages.body(msg, 1)).seqNo());
      case MessageType.SUSPECT ->
          membership.suspectNode(
              Messages.Accusation.decode(MessageType.SUSPECT, Messages.body(msg, 1)));
      case MessageType.DEAD ->
          membership.deadNode(
              Messages.Accusation.decode(MessageType.DEAD, Messages.body(msg, 1)), null);
      case MessageType.ALIVE -> {
        Messages.Alive a = Messages.Alive.decode(Messages.body(msg, 1));
        if (a.meta() != null && a.meta().length > Messages.META_MAX_SIZE) {
          throw new WireFormatException(DropReason.OVERSIZED, "meta above 512 bytes");
        }
        membership.aliveNode(
            a.port() == 0
                ? new Messages.Alive(
                    a.incarnation(), a.node(), a.addr(), advertisePort, a.meta(), a.vsn())
                : a,
            false,
            null);
      }
      case MessageType.USER -> userMessages.accept(Arrays.copyOfRange(msg, 1, msg.length));
      default ->
          throw new WireFormatException(DropReason.UNKNOWN_TYPE, "unknown message type " + type);
    }
  }

  private static InetSocketAddress replyAddress(byte[] addr, int port, InetSocketAddress from) {
    if (addr != null && (addr.length == 4 || addr.length == 16) && port > 0) {
      return NodeState.socketAddress(addr, port);
    }
    return from;
  }

  private void handlePing(Messages.Ping p, InetSocketAddress from) {
    if (!p.node().isEmpty() && !p.node().equals(localName)) {
      LOG.debug("ping for unexpected node {} from {}", p.node(), from);
      return;
    }
    InetSocketAddress to = replyAddress(p.sourceAddr(), p.sourcePort(), from);
    sendMsg(to, new Messages.Ack(p.seqNo(), null).encode(), -1);
  }

  private void handleIndirectPing(Messages.IndirectPing ind, InetSocketAddress from) {
    long local = nextSeqNo();
    InetSocketAddress requester = replyAddress(ind.sourceAddr(), ind.sourcePort(), from);
    int port = ind.port() == 0 ? advertisePort : ind.port();
    AtomicBoolean answered = new AtomicBoolean();
    long timeout = settings.probeTimeout().toNanos();
    acks.register(
        local,
        payload -> {
          answered.set(true);
          sendMsg(requester, new Messages.Ack(ind.seqNo(), null).encode(), -1);
        },
        null,
        timeout);
    if (ind.target() == null || (ind.target().length != 4 && ind.target().length != 16)) {
      return;
    }
    sendMsg(NodeState.socketAddress(ind.target(), port), ping(local, ind.node()).encode(), -1);
    if (ind.nack()) {
      scheduler.schedule(
          () -> {
            if (!answered.get()) {
              sendMsg(requester, new Messages.Nack(ind.seqNo()).encode(), -1);
            }
          },
          timeout,
          TimeUnit.NANOSECONDS);
    }
  }

  private void handleStream(Socket s) {
    try {
      streams.serve(s);
    } catch (IOException e) {
      LOG.debug("stream from {} failed: {}", s.getRemoteSocketAddress(), e.toString());
    }
  }

  // ---- API support

  /**
   * memberlist {@code UpdateNode}: new metadata, bumped incarnation, broadcast; waits up to {@code
   * wait}.
   */
  public void updateMeta(byte[] newMeta, Duration wait) throws InterruptedException {
    CountDownLatch done = new CountDownLatch(1);
    synchronized (this) {
      this.meta = newMeta.clone();
      membership.aliveNode(
          membership.localAlive(membership.nextIncarnation(), this.meta), true, done::countDown);
    }
    if (!wait.isZero() && membership.anyAlive()) {
      done.await(wait.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** Queues a best-effort user broadcast (prefixed with type 8, piggybacked on gossip). */
  public void broadcast(byte[] payload) {
    byte[] m = new byte[payload.length + 1];
    m[0] = (byte) MessageType.USER;
    System.arraycopy(payload, 0, m, 1, payload.length);
    userBroadcasts.queue(null, m, null);
  }

  /**
   * Sends a user message by UDP (no piggyback); {@code pmax} of the target node, -1 if sent by
   * address only.
   */
  public void sendBestEffort(InetSocketAddress to, int pmax, byte[] payload) {
    byte[] m = new byte[payload.length + 1];
    m[0] = (byte) MessageType.USER;
    System.arraycopy(payload, 0, m, 1, payload.length);
    rawSend(to, m, pmax);
  }

  /** Gossips our departure and waits (bounded) until it was sent enough times. */
  public void leave(Duration timeout) throws InterruptedException {
    CountDownLatch done = new CountDownLatch(1);
    if (membership.leave(done::countDown) && membership.anyAlive()) {
      done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** Stops every thread and closes the sockets; idempotent. */
  public void shutdown() {
    if (shutdown) {
      return;
    }
    shutdown = true;
    membership.cancelTimers();
    transport.close();
    scheduler.shutdownNow();
    workers.shutdownNow();
  }

  public boolean isShutdown() {
    return shutdown;
  }

  long nextSeqNo() {
    return seqNo.incrementAndGet() & 0xffff_ffffL;
  }

  public Membership membership() {
    return membership;
  }

  public Awareness awareness() {
    return awareness;
  }

  public Stats stats() {
    return stats;
  }

  public Streams streams() {
    return streams;
  }

  AckRegistry acks() {
    return acks;
  }

  public EngineSettings settings() {
    return settings;
  }

  public String localName() {
    return localName;
  }

  public byte[] advertiseAddr() {
    return advertiseAddr.clone();
  }

  public int advertisePort() {
    return advertisePort;
  }

  public int boundPort() {
    return transport.port();
  }

  public int pendingBroadcasts() {
    return broadcasts.size();
  }
}
