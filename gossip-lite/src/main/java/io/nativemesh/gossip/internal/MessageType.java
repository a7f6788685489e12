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

/** memberlist's one-byte message type codes (append-only protocol constants). */
public final class MessageType {
  public static final int PING = 0;
  public static final int INDIRECT_PING = 1;
  public static final int ACK = 2;
  public static final int SUSPECT = 3;
  public static final int ALIVE = 4;
  public static final int DEAD = 5;
  public static final int PUSH_PULL = 6;
  public static final int COMPOUND = 7;
  public static final int USER = 8;
  public static final int COMPRESS = 9;
  public static final int ENCRYPT = 10;
  public static final int NACK = 11;
  public static final int HAS_CRC = 12;
  public static final int ERR = 13;
  public static final int HAS_LABEL = 244;

  private MessageType() {}
}
