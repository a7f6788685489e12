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
package io.nativemesh.server.internal.cli;

/**
 * A command line that does not parse: an unknown command or flag, a flag without its value, a value
 * of the wrong form, or a required flag missing. The message names the flag and the value; the
 * launcher prints it with {@link #usage()} and exits with status 2.
 */
public final class UsageException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String usage;

  /**
   * @param message names the flag and the value
   * @param usage the help of the command the error is about
   */
  public UsageException(String message, String usage) {
    super(message, null, false, false);
    this.usage = usage;
  }

  /**
   * @return the help of the command the error is about
   */
  public String usage() {
    return usage;
  }
}
