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
package io.nativemesh.server.internal.state;

/**
 * A write cannot be made durable: the command log failed (a full disk, an I/O error). The write was
 * not acknowledged and is not visible; the store refuses later writes until the log can be written
 * again (see {@link StateStore}), and reads go on serving the last durable state. The HTTP API
 * answers {@code 503} with this message and {@code Retry-After: 1}. Not an {@link
 * IllegalStateException}, so that handlers which turn invariant violations into 400s never mistake
 * a storage failure for bad input.
 */
public final class StorageFailureException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what failed, naming the file and the cause
   * @param cause the I/O failure, or null
   */
  public StorageFailureException(String message, Throwable cause) {
    super(message, cause);
  }
}
