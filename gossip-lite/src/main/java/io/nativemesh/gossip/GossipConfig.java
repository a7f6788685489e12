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

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Immutable configuration of a {@link GossipPool}. Timing knobs default to the chosen {@link
 * Profile} and can be overridden one by one (memberlist's field names). Build with {@link
 * #builder(String)}; thread-safe once built.
 *
 * @since 0.1.0
 */
public final class GossipConfig {
  private final String name;
  private final InetAddress bindAddress;
  private final int bindPort;
  private final InetAddress advertiseAddress;
  private final int advertisePort;
  private final List<String> seeds;
  private final Keyring keyring;
  private final String label;
  private final Profile profile;
  private final byte[] metadata;
  private final boolean disableTcpPings;
  private final Duration deadNodeReclaimTime;
  private final Duration probeInterval;
  private final Duration probeTimeout;
  private final Duration gossipInterval;
  private final Duration pushPullInterval;
  private final double outgoingUdpLoss;
  private final boolean enableCompression;

  private GossipConfig(Builder b) {
    this.name = b.name;
    this.bindAddress = b.bindAddress;
    this.bindPort = b.bindPort;
    this.advertiseAddress = b.advertiseAddress;
    this.advertisePort = b.advertisePort;
    this.seeds = List.copyOf(b.seeds);
    this.keyring = b.keyring;
    this.label = b.label;
    this.profile = b.profile;
    this.metadata = b.metadata.clone();
    this.disableTcpPings = b.disableTcpPings;
    this.deadNodeReclaimTime = b.deadNodeReclaimTime;
    this.probeInterval = b.probeInterval != null ? b.probeInterval : profile.probeInterval();
    this.probeTimeout = b.probeTimeout != null ? b.probeTimeout : profile.probeTimeout();
    this.gossipInterval = b.gossipInterval != null ? b.gossipInterval : profile.gossipInterval();
    this.pushPullInterval =
        b.pushPullInterval != null ? b.pushPullInterval : profile.pushPullInterval();
    this.outgoingUdpLoss = b.outgoingUdpLoss;
    this.enableCompression = b.enableCompression;
  }

  /**
   * @param name node name, unique in the pool (non-empty)
   */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  public String name() {
    return name;
  }

  public InetAddress bindAddress() {
    return bindAddress;
  }

  /** UDP and TCP port; 0 picks a free port. */
  public int bindPort() {
    return bindPort;
  }

  /** Address advertised to peers; null means "derive from the bind address". */
  public InetAddress advertiseAddress() {
    return advertiseAddress;
  }

  /** Port advertised to peers; 0 means "the bound port". */
  public int advertisePort() {
    return advertisePort;
  }

  /** Seeds as {@code host:port} (port defaults to 7946). */
  public List<String> seeds() {
    return seeds;
  }

  /** Keyring, or null for an unencrypted pool. */
  public Keyring keyring() {
    return keyring;
  }

  /** Pool label (empty = none); must match on every member. */
  public String label() {
    return label;
  }

  public Profile profile() {
    return profile;
  }

  /** Initial node metadata (a copy). */
  public byte[] metadata() {
    return metadata.clone();
  }

  /** memberlist's {@code DisableTcpPings}. */
  public boolean disableTcpPings() {
    return disableTcpPings;
  }

  /**
   * memberlist's {@code DeadNodeReclaimTime} (zero: a dead node's name cannot move to a new
   * address).
   */
  public Duration deadNodeReclaimTime() {
    return deadNodeReclaimTime;
  }

  public Duration probeInterval() {
    return probeInterval;
  }

  public Duration probeTimeout() {
    return probeTimeout;
  }

  public Duration gossipInterval() {
    return gossipInterval;
  }

  public Duration pushPullInterval() {
    return pushPullInterval;
  }

  /** Probability in [0,1) of dropping each outgoing UDP packet; for loss experiments only. */
  public double outgoingUdpLoss() {
    return outgoingUdpLoss;
  }

  /**
   * memberlist's {@code EnableCompression} (default true): TCP streams are always LZW-compressed,
   * UDP packets when that makes them smaller. Compressed input is always accepted.
   */
  public boolean enableCompression() {
    return enableCompression;
  }

  /** Builder; not thread-safe. */
  public static final class Builder {
    private final String name;
    private InetAddress bindAddress;
    private int bindPort = 7946;
    private InetAddress advertiseAddress;
    private int advertisePort;
    private final List<String> seeds = new ArrayList<>();
    private Keyring keyring;
    private String label = "";
    private Profile profile = Profile.LAN;
    private byte[] metadata = new byte[0];
    private boolean disableTcpPings;
    private Duration deadNodeReclaimTime = Duration.ZERO;
    private Duration probeInterval;
    private Duration probeTimeout;
    private Duration gossipInterval;
    private Duration pushPullInterval;
    private double outgoingUdpLoss;
    private boolean enableCompression = true;

    private Builder(String name) {
      if (name == null || name.isEmpty()) {
        throw new IllegalArgumentException("name must be non-empty");
      }
      this.name = name;
      try {
        this.bindAddress = InetAddress.getByName("0.0.0.0");
      } catch (UnknownHostException e) {
        throw new IllegalStateException(e);
      }
    }

    public Builder bindAddress(InetAddress a) {
      this.bindAddress = Objects.requireNonNull(a);
      return this;
    }

    /** Binds (and advertises) the given literal address or host name. */
    public Builder bind(String host, int port) {
      try {
        this.bindAddress = InetAddress.getByName(host);
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException("unknown host " + host, e);
      }
      return bindPort(port);
    }

    public Builder bindPort(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port out of range: " + port);
      }
      this.bindPort = port;
      return this;
    }

    public Builder advertise(InetAddress address, int port) {
      this.advertiseAddress = Objects.requireNonNull(address);
      this.advertisePort = port;
      return this;
    }

    /** Adds seeds ({@code host:port}) contacted by {@link GossipPool#start}. */
    public Builder seeds(String... hostPorts) {
      this.seeds.addAll(List.of(hostPorts));
      return this;
    }

    public Builder seeds(List<String> hostPorts) {
      this.seeds.addAll(hostPorts);
      return this;
    }

    public Builder keyring(Keyring k) {
      this.keyring = k;
      return this;
    }

    /** Pool label, at most 255 bytes; empty for none. (Go memberlist ≥ 0.3 only.) */
    public Builder label(String l) {
      if (l == null || l.getBytes(StandardCharsets.UTF_8).length > 255) {
        throw new IllegalArgumentException("label must be at most 255 bytes");
      }
      this.label = l;
      return this;
    }

    public Builder profile(Profile p) {
      this.profile = Objects.requireNonNull(p);
      return this;
    }

    /** Initial metadata, at most 512 bytes. */
    public Builder metadata(byte[] m) {
      if (m == null || m.length > 512) {
        throw new IllegalArgumentException("metadata must be at most 512 bytes");
      }
      this.metadata = m.clone();
      return this;
    }

    public Builder disableTcpPings(boolean d) {
      this.disableTcpPings = d;
      return this;
    }

    public Builder deadNodeReclaimTime(Duration d) {
      this.deadNodeReclaimTime = Objects.requireNonNull(d);
      return this;
    }

    public Builder probeInterval(Duration d) {
      this.probeInterval = positive(d);
      return this;
    }

    public Builder probeTimeout(Duration d) {
      this.probeTimeout = positive(d);
      return this;
    }

    public Builder gossipInterval(Duration d) {
      this.gossipInterval = positive(d);
      return this;
    }

    public Builder pushPullInterval(Duration d) {
      this.pushPullInterval = positive(d);
      return this;
    }

    /** Drops each outgoing UDP packet with this probability; for loss experiments only. */
    public Builder outgoingUdpLoss(double p) {
      if (p < 0 || p >= 1) {
        throw new IllegalArgumentException("loss must be in [0,1)");
      }
      this.outgoingUdpLoss = p;
      return this;
    }

    /** memberlist's {@code EnableCompression} (default true). */
    public Builder enableCompression(boolean c) {
      this.enableCompression = c;
      return this;
    }

    public GossipConfig build() {
      return new GossipConfig(this);
    }

    private static Duration positive(Duration d) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("duration must be positive");
      }
      return d;
    }
  }
}
