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
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.SetConfigurationRequest;
import org.apache.ratis.retry.RetryPolicies;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server joining a running cluster (docs/cluster.md, "Adding and replacing servers"; Consul: a
 * server started without {@code -bootstrap-expect}): until the Raft configuration this server knows
 * includes it, asks the servers at its {@code -retry-join} addresses to add it, a Ratis
 * configuration change in {@code ADD} mode that they forward to the leader. The leader first brings
 * this server's log up to date, from a snapshot if need be, then commits the new configuration.
 * Retried every second on a daemon thread; a server restarted after it was added finds itself in
 * its stored configuration and asks nothing.
 */
final class RaftJoin implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(RaftJoin.class);

  private final RaftProperties properties;
  private final RaftGroupId groupId;
  private final RaftPeer self;
  private final List<String> retryJoin;
  private final Supplier<Boolean> member;

  private RaftJoin(
      RaftProperties properties,
      RaftGroupId groupId,
      RaftPeer self,
      List<String> retryJoin,
      Supplier<Boolean> member) {
    this.properties = properties;
    this.groupId = groupId;
    this.self = self;
    this.retryJoin = retryJoin;
    this.member = member;
  }

  /**
   * Starts asking on a daemon thread.
   *
   * @param properties the server's Ratis settings (for the client)
   * @param groupId the cluster's Raft group
   * @param self this server
   * @param retryJoin replication addresses of servers of the running cluster
   * @param member true once this server is in its Raft configuration, false before, null once the
   *     server is closed (the thread then ends)
   */
  static void start(
      RaftProperties properties,
      RaftGroupId groupId,
      RaftPeer self,
      List<String> retryJoin,
      Supplier<Boolean> member) {
    Thread t =
        new Thread(
            new RaftJoin(properties, groupId, self, retryJoin, member), "nativemesh-raft-join");
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void run() {
    List<RaftPeer> seeds = new ArrayList<>();
    for (String a : retryJoin) {
      seeds.add(RaftPeer.newBuilder().setId(ClusterNode.peerId(a)).setAddress(a).build());
    }
    long attempt = 0;
    while (true) {
      Boolean in = member.get();
      if (in == null) {
        return;
      }
      if (in) {
        LOG.info("cluster server {} is a member of the Raft configuration", self.getId());
        return;
      }
      attempt++;
      try (RaftClient c =
          RaftClient.newBuilder()
              .setProperties(properties)
              .setRaftGroup(RaftGroup.valueOf(groupId, seeds))
              .setClientId(ClientId.randomId())
              .setRetryPolicy(RetryPolicies.noRetry())
              .build()) {
        RaftClientReply reply =
            c.admin()
                .setConfiguration(
                    SetConfigurationRequest.Arguments.newBuilder()
                        .setServersInNewConf(List.of(self))
                        .setMode(SetConfigurationRequest.Mode.ADD)
                        .build());
        if (reply.isSuccess()) {
          LOG.info("cluster server {} added to the Raft configuration via {}", self.getId(), seeds);
        } else {
          failed(attempt, String.valueOf(reply.getException()));
        }
      } catch (IOException | RuntimeException e) {
        failed(attempt, e.toString());
      }
      try {
        Thread.sleep(1_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void failed(long attempt, String why) {
    if (attempt == 1 || attempt % 10 == 0) {
      LOG.warn(
          "cluster server {} not yet added to the cluster at {} (attempt {}; the first servers of"
              + " a new cluster need -bootstrap-expect): {}",
          self.getId(),
          retryJoin,
          attempt,
          why);
    }
  }
}
