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
package io.nativemesh.server.internal.http;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Refuses a request target whose percent-decoded bytes are not UTF-8. Netty's decoder (like most)
 * turns invalid sequences into U+FFFD, so {@code alias%FE} and {@code alias%FF} would both become
 * {@code alias\uFFFD}: two keys a client holds apart would alias. Paths, KV keys and query values
 * are text; bytes that are not UTF-8 are a 400, never a substitution. Stateless and thread-safe.
 */
final class PercentUtf8 {
  private PercentUtf8() {}

  /**
   * @param uri the raw request target (path and query, percent-encoded)
   * @throws HttpError 400 naming the offset of the first byte that is not UTF-8
   */
  static void require(String uri) {
    byte[] bytes = new byte[uri.length()];
    int n = 0;
    boolean escaped = false;
    for (int i = 0; i < uri.length(); i++) {
      char c = uri.charAt(i);
      int hi;
      int lo;
      if (c == '%'
          && i + 2 < uri.length()
          && (hi = Character.digit(uri.charAt(i + 1), 16)) >= 0
          && (lo = Character.digit(uri.charAt(i + 2), 16)) >= 0) {
        bytes[n++] = (byte) (hi << 4 | lo);
        escaped = true;
        i += 2;
      } else {
        // the request line is read as ISO-8859-1: a raw byte above 0x7F arrives as one char
        bytes[n++] = (byte) c;
        escaped |= c > 0x7F;
      }
    }
    if (!escaped) {
      return; // plain ASCII
    }
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, 0, n));
    } catch (CharacterCodingException e) {
      throw HttpError.badRequest(
          "Invalid URL: the percent-decoded path or query is not valid UTF-8 ("
              + e.getMessage()
              + "); keys and names are UTF-8 text");
    }
  }
}
