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
package io.nativemesh.cli.internal;

import io.nativemesh.cli.internal.Report.Status;
import io.nativemesh.consul.ConsulApiException;
import io.nativemesh.consul.ConsulClient;
import io.nativemesh.consul.QueryOptions;
import io.nativemesh.consul.QueryResult;
import io.nativemesh.core.MeshException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;
import picocli.CommandLine.Command;

/**
 * {@code nativemesh troubleshoot cluster}: the servers as an operator needs to see them during an
 * incident. Consul API: {@code GET /v1/status/leader}, {@code GET
 * /v1/operator/raft/configuration?stale} (needs {@code operator:read}) and {@code GET
 * /v1/agent/members} ({@code node:read}); the same endpoints on a Consul cluster.
 *
 * <p>Steps: whether a leader is known (none: writes fail with {@code 500 No cluster leader}); each
 * server of the Raft configuration with its role and whether the leader still hears from it (a
 * failed server is a problem); the failure tolerance, Consul autopilot's figure (alive voters minus
 * the quorum; below the quorum is a problem, zero a warning); and, when {@code -http-addr} lists
 * several servers, each one asked on its own for the leader it knows, so a server cut off from the
 * others or naming another leader stands out (and its own Raft configuration supplies its node
 * name, which the other servers may not have learned yet).
 */
@Command(
    name = "cluster",
    mixinStandardHelpOptions = true,
    description = "The servers: leader, Raft peers, failed servers and failure tolerance.")
public final class TroubleshootCluster extends MeshCommand {
  /** Serf's member status: alive (Consul {@code serf.StatusAlive}). */
  private static final int ALIVE = 1;

  /** {@code ?stale}: the Raft configuration is read without a leader too. */
  private static final QueryOptions STALE = new QueryOptions(0, null, null, null, true, Map.of());

  @Override
  protected String title() {
    return "troubleshoot cluster";
  }

  @Override
  protected void run(ConsulClient c, Report r) {
    String leader = get(c, "/v1/status/leader", String.class, QueryOptions.NONE);
    if (leader == null || leader.isEmpty()) {
      r.add(
          "leader",
          Status.FAIL,
          "no cluster leader: writes fail with 500 No cluster leader until a majority of the"
              + " servers can reach each other again");
    } else {
      r.add("leader", Status.PASS, "leader at " + leader);
    }

    List<Map<String, Object>> servers;
    try {
      Map<?, ?> conf = get(c, "/v1/operator/raft/configuration", Map.class, STALE);
      servers = maps(conf == null ? null : conf.get("Servers"));
    } catch (ConsulApiException e) {
      r.add(
          "raft configuration",
          e.statusCode() == 403 ? Status.WARN : Status.FAIL,
          "cannot read the Raft configuration ("
              + describeApiError(e)
              + (e.statusCode() == 403 ? "): the token needs operator:read" : ")"));
      perAddress(r, leader, c.addresses());
      return;
    }
    Map<String, Map<String, Object>> members = new LinkedHashMap<>();
    try {
      for (Map<String, Object> m :
          maps(get(c, "/v1/agent/members", List.class, QueryOptions.NONE))) {
        Map<String, Object> tags = map(m.get("Tags"));
        Object role = tags.get("role");
        if (role != null && !"consul".equals(role)) {
          continue; // a client agent, not a server
        }
        Object id = tags.get("id");
        members.put(id != null ? id.toString() : String.valueOf(m.get("Name")), m);
      }
    } catch (ConsulApiException e) {
      r.add(
          "members",
          Status.WARN,
          "cannot read the members ("
              + describeApiError(e)
              + "): whether each server is alive is unknown; the token needs node:read");
    }

    Map<String, String> names = selfNames(c.addresses());
    int voters = 0;
    int aliveVoters = 0;
    for (Map<String, Object> s : servers) {
      String id = String.valueOf(s.get("ID"));
      String reported = String.valueOf(s.get("Node"));
      String node = names.getOrDefault(id, reported);
      boolean voter = !Boolean.FALSE.equals(s.get("Voter"));
      boolean isLeader = Boolean.TRUE.equals(s.get("Leader"));
      Map<String, Object> m = members.containsKey(id) ? members.get(id) : members.get(reported);
      Integer status = m == null ? null : number(m.get("Status"));
      boolean alive = status == null ? members.isEmpty() : status == ALIVE;
      voters += voter ? 1 : 0;
      aliveVoters += voter && alive ? 1 : 0;
      String role = (isLeader ? "leader" : "follower") + (voter ? "" : " (non-voter)");
      Status st;
      String message;
      if (members.isEmpty()) {
        st = Status.INFO;
        message = role + ", liveness unknown";
      } else if (m == null) {
        st = Status.WARN;
        message = role + ", but not among the members: is it running?";
      } else if (alive) {
        st = Status.PASS;
        message = role + ", alive";
      } else {
        st = Status.FAIL;
        message =
            role
                + ", FAILED: the leader no longer hears from it (start it again, or remove it with"
                + " DELETE /v1/operator/raft/peer?id="
                + id
                + " if it is gone for good)";
      }
      r.add(
          "server " + node,
          st,
          message,
          "id",
          id,
          "address",
          s.get("Address"),
          "voter",
          voter,
          "lastIndex",
          s.get("LastIndex"));
    }

    int quorum = voters / 2 + 1;
    String counts = aliveVoters + " of " + voters + " voters alive, quorum " + quorum;
    if (members.isEmpty()) {
      r.add("failure tolerance", Status.INFO, voters + " voters, quorum " + quorum);
    } else if (aliveVoters < quorum) {
      r.add(
          "failure tolerance",
          Status.FAIL,
          counts + ": writes are refused until enough servers are back",
          "tolerance",
          0);
    } else if (voters == 1) {
      r.add(
          "failure tolerance",
          Status.INFO,
          "a single server: it tolerates no failure (run 3 or 5 for that)",
          "tolerance",
          0);
    } else if (aliveVoters == quorum) {
      r.add(
          "failure tolerance",
          Status.WARN,
          counts + ": one more failed server stops writes",
          "tolerance",
          0);
    } else {
      int tolerance = aliveVoters - quorum;
      r.add(
          "failure tolerance",
          Status.PASS,
          counts + ": tolerates " + tolerance + " more failed server" + (tolerance == 1 ? "" : "s"),
          "tolerance",
          tolerance);
    }
    perAddress(r, leader, c.addresses());
  }

  /**
   * The node names servers give themselves, by Raft ID, from each {@code -http-addr} server's own
   * Raft configuration: a NativeMesh server learns the other servers' names through the leader
   * within seconds and shows a Raft ID until then (Consul names them all). Unreachable servers are
   * skipped.
   */
  private Map<String, String> selfNames(List<HttpUrl> addresses) {
    Map<String, String> names = new LinkedHashMap<>();
    if (addresses.size() < 2) {
      return names;
    }
    for (HttpUrl a : addresses) {
      try (ConsulClient one = options.client(a.toString())) {
        Map<?, ?> conf = get(one, "/v1/operator/raft/configuration", Map.class, STALE);
        for (Map<String, Object> s : maps(conf == null ? null : conf.get("Servers"))) {
          Object id = s.get("ID");
          Object node = s.get("Node");
          if (id != null && node != null && !id.equals(node)) {
            names.putIfAbsent(id.toString(), node.toString());
          }
        }
      } catch (MeshException e) {
        // unreachable or refused: its name stays as the answering server reports it
      }
    }
    return names;
  }

  /**
   * With several {@code -http-addr} servers, asks each on its own which leader it knows ({@code
   * /v1/status/leader} answers from the server's own Raft state).
   */
  private void perAddress(Report r, String leader, List<HttpUrl> addresses) {
    if (addresses.size() < 2) {
      return;
    }
    for (HttpUrl a : addresses) {
      String check = "address " + a;
      String seen;
      try (ConsulClient one = options.client(a.toString())) {
        seen = get(one, "/v1/status/leader", String.class, QueryOptions.NONE);
      } catch (ConsulApiException e) {
        r.add(check, Status.WARN, "answered " + describeApiError(e));
        continue;
      } catch (MeshException e) {
        r.add(
            check, Status.WARN, "unreachable (" + e.getMessage() + "); clients fail over past it");
        continue;
      }
      if (seen == null || seen.isEmpty()) {
        r.add(
            check,
            Status.FAIL,
            "knows no leader: it is cut off from a majority, and its clients' writes fail");
      } else if (leader != null && !leader.isEmpty() && !seen.equals(leader)) {
        r.add(
            check,
            Status.WARN,
            "names leader " + seen + ", not " + leader + " (an election in progress, or cut off)");
      } else {
        r.add(check, Status.PASS, "follows leader " + seen);
      }
    }
  }

  private static <T> T get(ConsulClient c, String path, Class<T> type, QueryOptions o) {
    QueryResult<T> res = ConsulClient.join(c.getAsync(path, type, o, false));
    return res.value();
  }

  private static List<Map<String, Object>> maps(Object list) {
    List<Map<String, Object>> out = new ArrayList<>();
    if (list instanceof List<?> l) {
      for (Object o : l) {
        out.add(map(o));
      }
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  private static Integer number(Object o) {
    return o instanceof Number n ? n.intValue() : null;
  }
}
