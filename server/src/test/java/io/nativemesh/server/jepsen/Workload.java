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
package io.nativemesh.server.jepsen;

import io.nativemesh.server.jepsen.Op.Outcome;
import java.io.IOException;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The clients of a run: register clients doing compare-and-set increments of one key (a {@code
 * ?consistent} read, then {@code PUT ?cas=<ModifyIndex>} of the value plus one), and writers of
 * unique keys, each call through a server picked at random. Records the register history for the
 * linearizability checker, the acknowledged keys and CAS values, and every client's observed {@code
 * X-Consul-Index}, flagging any that goes backwards.
 */
final class Workload {
  static final String REGISTER = "jepsen/register";
  static final String UNIQUE = "jepsen/u/";

  final List<Op> history = Collections.synchronizedList(new ArrayList<>());
  final Set<String> ackedKeys = ConcurrentHashMap.newKeySet();
  final Set<Long> ackedCasValues = ConcurrentHashMap.newKeySet();
  final AtomicLong ackedCas = new AtomicLong();
  final AtomicLong unknownCas = new AtomicLong();
  final AtomicLong failedCalls = new AtomicLong();
  final List<String> violations = Collections.synchronizedList(new ArrayList<>());
  private final KvHttp kv;
  private final Supplier<List<String>> servers;
  private final AtomicBoolean stop;

  /**
   * @param kv the HTTP calls
   * @param servers the base URLs to pick from (all servers, whatever their state)
   * @param stop set to end the loops
   */
  Workload(KvHttp kv, Supplier<List<String>> servers, AtomicBoolean stop) {
    this.kv = kv;
    this.servers = servers;
    this.stop = stop;
  }

  private String anyServer() {
    List<String> s = servers.get();
    return s.get(ThreadLocalRandom.current().nextInt(s.size()));
  }

  /** The loop of register client {@code id}. */
  void registerClient(int id) {
    long lastIndex = 0;
    while (!stop.get()) {
      String base = anyServer();
      long t0 = System.nanoTime();
      KvHttp.Read r;
      try {
        r = kv.read(base, REGISTER, "consistent");
      } catch (IOException e) {
        failedCalls.incrementAndGet();
        pause();
        continue; // a read without an answer constrains nothing
      } catch (InterruptedException e) {
        return;
      }
      long t1 = System.nanoTime();
      if (r == null) {
        violations.add("client " + id + ": the register vanished (read via " + base + ")");
        return;
      }
      if (r.index() < lastIndex) {
        violations.add(
            "client "
                + id
                + ": X-Consul-Index went back from "
                + lastIndex
                + " to "
                + r.index()
                + " (via "
                + base
                + ")");
      }
      lastIndex = Math.max(lastIndex, r.index());
      history.add(Op.read(id, r.value(), t0, t1));

      base = anyServer();
      long t2 = System.nanoTime();
      Outcome outcome;
      try {
        outcome =
            kv.put(base, REGISTER, "cas=" + r.modifyIndex(), Long.toString(r.value() + 1))
                ? Outcome.OK
                : Outcome.FAILED;
      } catch (ConnectException e) {
        failedCalls.incrementAndGet();
        continue; // never sent
      } catch (KvHttp.StatusException e) {
        failedCalls.incrementAndGet();
        if (e.status >= 400 && e.status < 500) {
          continue; // refused before it was applied
        }
        outcome = Outcome.UNKNOWN;
      } catch (IOException e) {
        failedCalls.incrementAndGet();
        outcome = Outcome.UNKNOWN;
      } catch (InterruptedException e) {
        outcome = Outcome.UNKNOWN;
      }
      long t3 = System.nanoTime();
      history.add(Op.cas(id, r.value(), r.value() + 1, outcome, t2, t3));
      if (outcome == Outcome.OK) {
        ackedCas.incrementAndGet();
        if (!ackedCasValues.add(r.value() + 1)) {
          violations.add("value " + (r.value() + 1) + " acknowledged to two CAS operations");
        }
      } else if (outcome == Outcome.UNKNOWN) {
        unknownCas.incrementAndGet();
        pause();
      }
    }
  }

  /** The loop of unique-key writer {@code id}. */
  void keyWriter(int id) {
    for (int n = 0; !stop.get(); n++) {
      String key = UNIQUE + "w" + id + "-" + n;
      try {
        if (kv.put(anyServer(), key, "", "v" + n)) {
          ackedKeys.add(key);
        }
      } catch (IOException e) {
        failedCalls.incrementAndGet();
        pause();
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private static void pause() {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
