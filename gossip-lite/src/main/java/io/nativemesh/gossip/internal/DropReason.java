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
package io.nativemesh.gossip.internal;

/** Why an inbound packet or stream was dropped; each reason has its own counter. */
public enum DropReason {
  /** Shorter than its framing says (compound parts, msgpack, CRC header, stream). */
  TRUNCATED,
  /** Parses but is not a valid memberlist message (bad msgpack, missing fields, bad LZW). */
  MALFORMED,
  /** CRC32 mismatch. */
  BAD_CRC,
  /**
   * Encryption enabled and no installed key authenticates it, or plaintext where ciphertext is
   * required.
   */
  DECRYPT_FAILED,
  /** Unknown or unsupported message type byte. */
  UNKNOWN_TYPE,
  /** Above a size limit (meta 512 B, stream 20 MiB, decompressed 40 MiB, 1 Mi nodes). */
  OVERSIZED,
  /** Label missing or different from ours. */
  LABEL_MISMATCH,
  /** Encrypted input while this node has no keyring. */
  UNEXPECTED_ENCRYPTION
}
