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
package io.nativemesh.server;

import io.nativemesh.core.InvalidConfigurationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Server-cluster settings (Consul: {@code -server}, {@code -bootstrap-expect}, {@code -retry-join},
 * {@code -server-port}): the companion server then replicates its command log with Apache Ratis
 * across {@code bootstrapExpect} servers (docs/cluster.md). Immutable and thread-safe.
 *
 * <p>The initial Raft group is this server's replication address plus the {@code retryJoin}
 * addresses, which must add up to exactly {@code bootstrapExpect} distinct addresses: every server
 * of a new cluster is started with the same set, as with Consul's {@code -bootstrap-expect}. A
 * server's Raft peer ID is derived from its replication address ({@code host_port}), so the servers
 * agree on the group without exchanging anything first.
 *
 * <p>{@code bootstrapExpect} 0 (Consul's default: the flag left out) makes a server that <em>joins
 * a running cluster</em> instead: it bootstraps nothing and asks the servers at its {@code
 * retryJoin} addresses to add it to their Raft configuration (docs/cluster.md, "Adding and
 * replacing servers"). A server restarted on its data directory keeps the configuration stored
 * there, whichever way it first started.
 *
 * @param bootstrapExpect the number of servers of a new cluster (1, 3 or 5 are sensible), or 0 to
 *     join a running cluster
 * @param serverHost the host this server's replication port listens on and is reached at, e.g.
 *     {@code 127.0.0.1}
 * @param serverPort the replication (Raft) port; Consul's default is 8300; 0 is refused (the peers
 *     must know it in advance)
 * @param retryJoin the other servers' replication addresses, {@code host:port}
 * @param electionTimeoutMin the lower bound of one randomized round of a follower's election timer
 *     (default 500 ms); heartbeats go out every half of it
 * @param electionTimeoutMax the upper bound of a round (default 1 s, the {@code
 *     -raft-election-timeout}); Ratis checks for silence only at the end of a round, so a leader
 *     crash is noticed within about twice this
 * @param writeTimeout how long a write or a consistent read waits for a leader before it fails with
 *     a 5xx "No cluster leader" (default 7 s, Consul's {@code rpc_hold_timeout})
 * @param snapshotThreshold log entries between Ratis snapshots (default 20,000)
 * @since 0.1.0
 */
public record ClusterConfig(
    int bootstrapExpect,
    String serverHost,
    int serverPort,
    List<String> retryJoin,
    Duration electionTimeoutMin,
    Duration electionTimeoutMax,
    Duration writeTimeout,
    long snapshotThreshold) {

  /** Consul's server RPC port. */
  public static final int DEFAULT_SERVER_PORT = 8300;

  /**
   * Default lower bound of a follower's randomized election-timer round: half of the default {@code
   * -raft-election-timeout} of 1 s (docs/cluster.md, "Election timeout").
   */
  public static final Duration DEFAULT_ELECTION_TIMEOUT_MIN = Duration.ofMillis(500);

  /** Default upper bound of a follower's election-timer round: the election timeout, 1 s. */
  public static final Duration DEFAULT_ELECTION_TIMEOUT_MAX = Duration.ofSeconds(1);

  /** Default time a write waits for a leader (Consul's {@code rpc_hold_timeout}). */
  public static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofSeconds(7);

  /** Default number of log entries between snapshots. */
  public static final long DEFAULT_SNAPSHOT_THRESHOLD = 20_000;

  /**
   * Validates and copies.
   *
   * @throws InvalidConfigurationException naming the flag and value when one is invalid
   */
  public ClusterConfig {
    if (bootstrapExpect < 0) {
      throw new InvalidConfigurationException(
          "invalid -bootstrap-expect "
              + bootstrapExpect
              + ": must be the number of servers, or 0 to join a running cluster");
    }
    if (serverHost == null || serverHost.isBlank()) {
      throw new InvalidConfigurationException("invalid server host '" + serverHost + "'");
    }
    if (serverPort < 1 || serverPort > 65535) {
      throw new InvalidConfigurationException(
          "invalid -server-port " + serverPort + ": must be 1..65535 (the peers dial it)");
    }
    retryJoin = List.copyOf(retryJoin == null ? List.of() : retryJoin);
    for (String a : retryJoin) {
      parsePort(a);
    }
    if (electionTimeoutMin == null
        || electionTimeoutMax == null
        || electionTimeoutMin.toMillis() < 10
        || electionTimeoutMax.compareTo(electionTimeoutMin) <= 0) {
      throw new InvalidConfigurationException(
          "invalid election timeout "
              + electionTimeoutMin
              + ".."
              + electionTimeoutMax
              + ": the minimum must be at least 10 ms and below the maximum");
    }
    if (writeTimeout == null || writeTimeout.toMillis() <= 0) {
      throw new InvalidConfigurationException(
          "invalid cluster write timeout " + writeTimeout + ": must be positive");
    }
    if (snapshotThreshold < 1) {
      throw new InvalidConfigurationException(
          "invalid snapshot threshold " + snapshotThreshold + ": must be at least 1");
    }
    int size = addresses(serverHost, serverPort, retryJoin).size();
    if (bootstrapExpect == 0 && size == 1) {
      throw new InvalidConfigurationException(
          "a server joining a running cluster (no -bootstrap-expect) needs at least one"
              + " -retry-join address of a server of that cluster");
    }
    if (bootstrapExpect != 0 && size != bootstrapExpect) {
      throw new InvalidConfigurationException(
          "-bootstrap-expect "
              + bootstrapExpect
              + " does not match the "
              + size
              + " distinct server addresses (this server's -server-port and each -retry-join)");
    }
  }

  /**
   * A cluster with the default timeouts.
   *
   * @param bootstrapExpect the number of servers
   * @param serverHost this server's replication host
   * @param serverPort this server's replication port
   * @param retryJoin the other servers' replication addresses
   * @return the configuration
   * @throws InvalidConfigurationException when a value is invalid
   */
  public static ClusterConfig of(
      int bootstrapExpect, String serverHost, int serverPort, List<String> retryJoin) {
    return new ClusterConfig(
        bootstrapExpect,
        serverHost,
        serverPort,
        retryJoin,
        DEFAULT_ELECTION_TIMEOUT_MIN,
        DEFAULT_ELECTION_TIMEOUT_MAX,
        DEFAULT_WRITE_TIMEOUT,
        DEFAULT_SNAPSHOT_THRESHOLD);
  }

  /**
   * A server that joins a running cluster (Consul: {@code -server} without {@code
   * -bootstrap-expect}), with the default timeouts.
   *
   * @param serverHost this server's replication host
   * @param serverPort this server's replication port
   * @param retryJoin replication addresses of servers of the running cluster (at least one)
   * @return the configuration
   * @throws InvalidConfigurationException when a value is invalid or {@code retryJoin} is empty
   * @since 0.1.0
   */
  public static ClusterConfig join(String serverHost, int serverPort, List<String> retryJoin) {
    return of(0, serverHost, serverPort, retryJoin);
  }

  /**
   * @return true if this server joins a running cluster rather than bootstrapping a new one
   */
  public boolean joins() {
    return bootstrapExpect == 0;
  }

  /**
   * @param min the election timeout's lower bound
   * @param max its upper bound
   * @return a copy with these election timeouts
   */
  public ClusterConfig withElectionTimeout(Duration min, Duration max) {
    return with(min, max, writeTimeout, snapshotThreshold);
  }

  /**
   * @param timeout how long writes wait for a leader
   * @param threshold log entries between snapshots
   * @return a copy with these settings
   */
  public ClusterConfig withWriteTimeout(Duration timeout, long threshold) {
    return with(electionTimeoutMin, electionTimeoutMax, timeout, threshold);
  }

  private ClusterConfig with(Duration min, Duration max, Duration timeout, long threshold) {
    return new ClusterConfig(
        bootstrapExpect, serverHost, serverPort, retryJoin, min, max, timeout, threshold);
  }

  /**
   * @return this server's replication address, {@code host:port}
   */
  public String selfAddress() {
    return serverHost + ":" + serverPort;
  }

  /**
   * @return every server's replication address, this one first, without duplicates
   */
  public List<String> servers() {
    return new ArrayList<>(addresses(serverHost, serverPort, retryJoin));
  }

  private static Set<String> addresses(String host, int port, List<String> join) {
    Set<String> all = new LinkedHashSet<>();
    all.add(host + ":" + port);
    all.addAll(join);
    return all;
  }

  /**
   * @param address {@code host:port}
   * @return the port
   * @throws InvalidConfigurationException if it is not {@code host:port} with a port 1..65535
   */
  public static int parsePort(String address) {
    int colon = address == null ? -1 : address.lastIndexOf(':');
    if (colon <= 0) {
      throw new InvalidConfigurationException(
          "invalid -retry-join '" + address + "': expected host:port (the server port)");
    }
    try {
      int port = Integer.parseInt(address.substring(colon + 1));
      if (port >= 1 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new InvalidConfigurationException(
        "invalid -retry-join '" + address + "': the port must be 1..65535");
  }
}
