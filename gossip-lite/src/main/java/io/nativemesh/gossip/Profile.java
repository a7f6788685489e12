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

import java.time.Duration;
import java.util.Locale;

/**
 * memberlist's default configurations ({@code DefaultLANConfig}, {@code DefaultWANConfig}, {@code
 * DefaultLocalConfig}). Every member of a pool should use the same profile.
 *
 * @since 0.1.0
 */
public enum Profile {
  /** {@code DefaultLANConfig}: probe 1 s / 500 ms, gossip 200 ms to 3, push/pull 30 s. */
  LAN(1000, 500, 3, 200, 3, 4, 4, 6, 30_000, 30_000, 10_000),
  /** {@code DefaultWANConfig}: probe 5 s / 3 s, gossip 500 ms to 4, push/pull 60 s. */
  WAN(5000, 3000, 3, 500, 4, 4, 6, 6, 60_000, 60_000, 30_000),
  /** {@code DefaultLocalConfig}: probe 1 s / 200 ms, gossip 100 ms to 3, push/pull 15 s. */
  LOCAL(1000, 200, 1, 100, 3, 2, 3, 6, 15_000, 15_000, 1_000);

  /** memberlist's {@code AwarenessMaxMultiplier} in every profile. */
  public static final int AWARENESS_MAX_MULTIPLIER = 8;

  /** memberlist's {@code UDPBufferSize} in every profile, in bytes. */
  public static final int UDP_BUFFER_SIZE = 1400;

  private final Duration probeInterval;
  private final Duration probeTimeout;
  private final int indirectChecks;
  private final Duration gossipInterval;
  private final int gossipNodes;
  private final int retransmitMult;
  private final int suspicionMult;
  private final int suspicionMaxTimeoutMult;
  private final Duration pushPullInterval;
  private final Duration gossipToTheDeadTime;
  private final Duration tcpTimeout;

  Profile(
      long probeMs,
      long probeTimeoutMs,
      int indirect,
      long gossipMs,
      int gossipNodes,
      int retransmitMult,
      int suspicionMult,
      int suspicionMaxTimeoutMult,
      long pushPullMs,
      long toTheDeadMs,
      long tcpMs) {
    this.probeInterval = Duration.ofMillis(probeMs);
    this.probeTimeout = Duration.ofMillis(probeTimeoutMs);
    this.indirectChecks = indirect;
    this.gossipInterval = Duration.ofMillis(gossipMs);
    this.gossipNodes = gossipNodes;
    this.retransmitMult = retransmitMult;
    this.suspicionMult = suspicionMult;
    this.suspicionMaxTimeoutMult = suspicionMaxTimeoutMult;
    this.pushPullInterval = Duration.ofMillis(pushPullMs);
    this.gossipToTheDeadTime = Duration.ofMillis(toTheDeadMs);
    this.tcpTimeout = Duration.ofMillis(tcpMs);
  }

  /** {@code ProbeInterval}: base period between probes, scaled by the local health score. */
  public Duration probeInterval() {
    return probeInterval;
  }

  /** {@code ProbeTimeout}: how long to wait for a direct ack before probing indirectly. */
  public Duration probeTimeout() {
    return probeTimeout;
  }

  /** {@code IndirectChecks}: peers asked to probe on our behalf after a missed ack. */
  public int indirectChecks() {
    return indirectChecks;
  }

  /** {@code GossipInterval}: period of gossip rounds. */
  public Duration gossipInterval() {
    return gossipInterval;
  }

  /** {@code GossipNodes}: peers contacted per gossip round. */
  public int gossipNodes() {
    return gossipNodes;
  }

  /**
   * {@code RetransmitMult}: a broadcast is sent {@code RetransmitMult * ceil(log10(n+1))} times.
   */
  public int retransmitMult() {
    return retransmitMult;
  }

  /** {@code SuspicionMult}: min suspicion timeout = mult * max(1, log10 n) * probe interval. */
  public int suspicionMult() {
    return suspicionMult;
  }

  /** {@code SuspicionMaxTimeoutMult}: max suspicion timeout = this * min. */
  public int suspicionMaxTimeoutMult() {
    return suspicionMaxTimeoutMult;
  }

  /** {@code PushPullInterval}: base period of full TCP state syncs (scaled up beyond 32 nodes). */
  public Duration pushPullInterval() {
    return pushPullInterval;
  }

  /** {@code GossipToTheDeadTime}: dead nodes keep receiving gossip (to refute) for this long. */
  public Duration gossipToTheDeadTime() {
    return gossipToTheDeadTime;
  }

  /** {@code TCPTimeout}: dial and I/O deadline for TCP streams. */
  public Duration tcpTimeout() {
    return tcpTimeout;
  }

  /** memberlist's lower-case name for this profile ({@code lan}, {@code wan}, {@code local}). */
  public String memberlistName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
