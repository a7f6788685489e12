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
package io.nativemesh.tls;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the current {@link MeshState} behind one volatile reference, plus the state of the previous
 * generation so that a handshake that chose alias {@code mesh-<n>} can still read generation n's
 * key and chain after a rotation. Readers never lock; {@link #publish} is serialized.
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public final class MeshStateStore {
  private static final Logger log = LoggerFactory.getLogger(MeshStateStore.class);

  private volatile MeshState current;
  private volatile MeshState previousGeneration;
  private final List<MeshStateListener> listeners = new CopyOnWriteArrayList<>();

  /**
   * @return the state in force, or null before the first leaf and roots arrived
   */
  public MeshState current() {
    return current;
  }

  /**
   * @param generation a generation number
   * @return the state of that generation if it is the current or the previous one, else null
   */
  public MeshState forGeneration(long generation) {
    MeshState c = current;
    if (c != null && c.generation() == generation) {
      return c;
    }
    MeshState p = previousGeneration;
    if (p != null && p.generation() == generation) {
      return p;
    }
    return null;
  }

  /**
   * Publishes a new state and then tells the listeners.
   *
   * @param next the new state; its generation must be ≥ the current one
   * @throws IllegalArgumentException if the generation goes backwards
   */
  public synchronized void publish(MeshState next) {
    Objects.requireNonNull(next, "next");
    MeshState prev = current;
    if (prev != null && next.generation() < prev.generation()) {
      throw new IllegalArgumentException(
          "generation went backwards: " + prev.generation() + " -> " + next.generation());
    }
    if (prev != null && prev.generation() != next.generation()) {
      previousGeneration = prev; // written before current, so the old alias stays resolvable
    }
    current = next;
    for (MeshStateListener l : listeners) {
      try {
        l.onStateChanged(prev, next);
      } catch (RuntimeException e) {
        log.warn("mesh state listener {} failed", l, e);
      }
    }
  }

  /**
   * @param listener told after every publication; if a state exists it is told at once ({@code
   *     previous == null})
   * @return closing it removes the listener
   */
  public AutoCloseable addListener(MeshStateListener listener) {
    listeners.add(listener);
    MeshState c = current;
    if (c != null) {
      listener.onStateChanged(null, c);
    }
    return () -> listeners.remove(listener);
  }
}
