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
package io.nativemesh.server.internal.filter;

import io.nativemesh.server.internal.http.HttpError;
import java.util.regex.Pattern;

/**
 * Runs a client's {@code matches} regular expression with a bounded amount of work. {@link
 * java.util.regex} backtracks, so a pattern such as {@code (a+)+$} takes exponential time on a
 * value like {@code aaaa…a!} (a tag or meta value any service token can write), and one request
 * would hold a thread for hours. The value is wrapped in a {@link CharSequence} that counts the
 * characters the matcher reads and stops it past {@value #MAX_READS}; the request is then a 400.
 * One instance per evaluation; not thread-safe.
 */
final class BoundedText implements CharSequence {
  /** Characters a single match may read (tens of milliseconds of matching). */
  static final long MAX_READS = 10_000_000;

  private final String text;
  private final long[] reads;

  private BoundedText(String text, long[] reads) {
    this.text = text;
    this.reads = reads;
  }

  /**
   * @param p the compiled expression
   * @param source the expression as the client wrote it, for the message
   * @param value the value to search
   * @return whether {@code p} finds a match in {@code value}
   * @throws HttpError 400 if the match needs more than {@value #MAX_READS} character reads
   */
  static boolean find(Pattern p, String source, String value) {
    try {
      return p.matcher(new BoundedText(value, new long[1])).find();
    } catch (TooExpensive e) {
      throw HttpError.badRequest(
          "Failed to evaluate boolean expression: regular expression \""
              + source
              + "\" needs more than "
              + MAX_READS
              + " steps on a value of "
              + value.length()
              + " characters (catastrophic backtracking); simplify it");
    }
  }

  @Override
  public char charAt(int index) {
    if (++reads[0] > MAX_READS) {
      throw new TooExpensive();
    }
    return text.charAt(index);
  }

  @Override
  public int length() {
    return text.length();
  }

  @Override
  public CharSequence subSequence(int start, int end) {
    return new BoundedText(text.substring(start, end), reads);
  }

  @Override
  public String toString() {
    return text;
  }

  /** Thrown out of the matcher; no stack trace (it is control flow). */
  private static final class TooExpensive extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TooExpensive() {
      super(null, null, false, false);
    }
  }
}
