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
package io.nativemesh.server.internal.agent;

import io.nativemesh.server.internal.state.StateSnapshot;
import io.nativemesh.server.internal.state.StateStore;
import io.nativemesh.server.internal.state.StoredCheck;
import io.nativemesh.server.internal.state.Table;
import io.nativemesh.server.internal.state.Watch;
import java.util.List;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cluster mode: keeps this agent's active checks (HTTP, TCP, UDP, script, H2PING, gRPC, alias)
 * running as the replicated state changes. A check belongs to the agent that registered it ({@link
 * io.nativemesh.server.internal.state.CheckSpec#agent}; Consul: checks are agent-local, and only
 * the owning agent runs them), or, when the state does not say, to the catalog node's agent. The
 * state of a restarted server arrives from the Raft log or a snapshot after it starts, and a
 * snapshot installed from the leader replaces it wholesale; so instead of re-arming once at startup
 * (as the single server does with its restored state), this watches the checks table and arms every
 * check of this agent that is not running, or runs with a different definition, and stops those
 * that another agent took over. A check removed from the state stops at its next run ({@link
 * CheckRunner} finds it gone). TTL checks are not armed here: the leader runs their timers.
 * Thread-safe.
 */
public final class OwnedChecks implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OwnedChecks.class);

  private final StateStore store;
  private final CheckRunner runner;
  private final String nodeName;
  private final Executor executor;
  private volatile boolean closed;
  private volatile Watch watch;

  /**
   * @param store the replicated store
   * @param runner runs the checks
   * @param nodeName this agent's node name
   * @param executor where a pass runs (not the Raft applier thread that fires the watch)
   */
  public OwnedChecks(StateStore store, CheckRunner runner, String nodeName, Executor executor) {
    this.store = store;
    this.runner = runner;
    this.nodeName = nodeName;
    this.executor = executor;
  }

  /** Makes a first pass over the current state and follows every later change of the checks. */
  public void start() {
    executor.execute(this::pass);
  }

  private void pass() {
    if (closed) {
      return;
    }
    // registered before the state is read: any change published after it fires it
    Watch w = store.watch(List.of(Table.CHECKS));
    watch = w;
    try {
      StateSnapshot s = store.snapshot();
      for (StoredCheck c : s.checks().values()) {
        String id = c.check().checkId();
        if (c.spec() == null || !c.spec().active()) {
          continue;
        }
        if (!nodeName.equals(owner(s, c))) {
          if (runner.runs(id, null)) {
            runner.disarm(id); // re-registered through another agent, which runs it now
          }
        } else if (!runner.runs(id, c.spec())) {
          runner.arm(c);
        }
      }
    } catch (RuntimeException e) {
      LOG.warn(
          "re-arming this agent's checks failed (retried at the next change): {}", e.toString());
    }
    w.fired().thenRun(() -> executor.execute(this::pass));
  }

  /** The agent that runs a check: the one that registered it, else the catalog node's. */
  private static String owner(StateSnapshot s, StoredCheck c) {
    if (c.spec().agent() != null) {
      return c.spec().agent();
    }
    return s.node() == null ? null : s.node().node();
  }

  /** Stops following the state (running checks are stopped by the runner). Idempotent. */
  @Override
  public void close() {
    closed = true;
    Watch w = watch;
    if (w != null) {
      w.cancel();
    }
  }
}
