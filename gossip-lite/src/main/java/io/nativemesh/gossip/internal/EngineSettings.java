package io.nativemesh.gossip.internal;

import java.time.Duration;

/** Resolved protocol settings of one engine (profile defaults plus overrides). Immutable. */
public record EngineSettings(Duration probeInterval, Duration probeTimeout, int indirectChecks,
                             Duration gossipInterval, int gossipNodes, int retransmitMult, int suspicionMult,
                             int suspicionMaxTimeoutMult, Duration pushPullInterval, Duration gossipToTheDeadTime,
                             Duration tcpTimeout, int awarenessMaxMultiplier, int udpBufferSize,
                             boolean disableTcpPings, Duration deadNodeReclaimTime,
                             boolean enableCompression) {
}
