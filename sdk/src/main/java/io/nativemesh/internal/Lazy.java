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
package io.nativemesh.internal;

import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A part of a mesh service that is created on first use and released with the service (the HTTP
 * client, the local forwarders). Thread-safe: concurrent first uses create it once.
 *
 * @param <T> the part's type
 */
public final class Lazy<T> implements AutoCloseable {
  private final String what;
  private final Supplier<T> create;
  private final Consumer<T> release;
  private T value;
  private boolean closed;

  /**
   * @param what names the part in the error after {@link #close()}
   * @param create makes the part, on the first {@link #get()}
   * @param release releases it on {@link #close()}, if it was made
   */
  public Lazy(String what, Supplier<T> create, Consumer<T> release) {
    this.what = what;
    this.create = create;
    this.release = release;
  }

  /**
   * @return the part, made now if this is the first call
   * @throws IllegalStateException once closed
   */
  public synchronized T get() {
    if (closed) {
      throw new IllegalStateException(what + " is closed");
    }
    if (value == null) {
      value = create.get();
    }
    return value;
  }

  /** Releases the part if it was made; later {@link #get()} calls fail. Idempotent. */
  @Override
  public void close() {
    T v;
    synchronized (this) {
      closed = true;
      v = value;
      value = null;
    }
    if (v != null) {
      release.accept(v);
    }
  }
}
