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
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Ratis settings of a cluster server, from its {@link ClusterConfig} (docs/cluster.md): gRPC
 * transport on the replication address, the election timeout as the range of each follower timer
 * round, linearizable reads bounded by the write timeout, automatic snapshots every {@code
 * snapshotThreshold} entries with the log purged up to them, and Ratis' thread pools kept at two
 * threads each. Any Ratis key given as a JVM system property ({@code -Draft.…}) overrides these.
 * Stateless.
 */
final class RaftSettings {
  private static final Logger LOG = LoggerFactory.getLogger(RaftSettings.class);

  private RaftSettings() {}

  /**
   * @param c the cluster configuration
   * @param dir the Raft storage directory
   * @return the Ratis properties of a server (and of its clients) with that configuration
   */
  static RaftProperties of(ClusterConfig c, Path dir) {
    RaftProperties p = new RaftProperties();
    RaftConfigKeys.Rpc.setType(p, SupportedRpcType.GRPC);
    RaftServerConfigKeys.setStorageDir(p, List.of(dir.toFile()));
    GrpcConfigKeys.Server.setHost(p, c.serverHost());
    GrpcConfigKeys.Server.setPort(p, c.serverPort());
    TimeDuration min = millis(c.electionTimeoutMin().toMillis());
    TimeDuration max = millis(c.electionTimeoutMax().toMillis());
    RaftServerConfigKeys.Rpc.setTimeoutMin(p, min);
    RaftServerConfigKeys.Rpc.setTimeoutMax(p, max);
    RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMin(p, min);
    RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMax(p, max);
    RaftServerConfigKeys.Read.setOption(p, RaftServerConfigKeys.Read.Option.LINEARIZABLE);
    RaftServerConfigKeys.Read.setTimeout(p, millis(c.writeTimeout().toMillis()));
    RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(p, true);
    RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(p, c.snapshotThreshold());
    RaftServerConfigKeys.Snapshot.setRetentionFileNum(p, 2);
    RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(p, true);
    RaftServerConfigKeys.Log.setPurgeGap(p, (int) Math.min(1024, c.snapshotThreshold()));
    // segments of about one snapshot interval (1 KiB an entry), so purging frees whole segments
    long segment = Math.max(16 * 1024, Math.min(32L << 20, c.snapshotThreshold() * 1024));
    RaftServerConfigKeys.Log.setSegmentSizeMax(p, SizeInBytes.valueOf(segment));
    RaftServerConfigKeys.ThreadPool.setServerCached(p, false);
    RaftServerConfigKeys.ThreadPool.setServerSize(p, 2);
    RaftServerConfigKeys.ThreadPool.setClientCached(p, false);
    RaftServerConfigKeys.ThreadPool.setClientSize(p, 2);
    RaftServerConfigKeys.ThreadPool.setProxyCached(p, false);
    RaftServerConfigKeys.ThreadPool.setProxySize(p, 2);
    RaftClientConfigKeys.Rpc.setRequestTimeout(p, millis(c.writeTimeout().toMillis()));
    // advanced tuning (docs/cluster.md): any Ratis key given as a JVM system property, e.g.
    // -Draft.server.log.async-flush.enabled=true, overrides the settings above
    for (String name : System.getProperties().stringPropertyNames()) {
      if (name.startsWith("raft.")) {
        p.set(name, System.getProperty(name));
        LOG.info("Ratis setting from a system property: {}={}", name, System.getProperty(name));
      }
    }
    return p;
  }

  /**
   * @param ms milliseconds
   * @return the same as a Ratis duration
   */
  static TimeDuration millis(long ms) {
    return TimeDuration.valueOf(ms, TimeUnit.MILLISECONDS);
  }
}
