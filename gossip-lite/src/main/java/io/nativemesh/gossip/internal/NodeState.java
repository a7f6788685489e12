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

import io.nativemesh.gossip.Member;
import io.nativemesh.gossip.MemberState;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/** One member's mutable state; guarded by the {@link Membership} lock. */
final class NodeState {
  final String name;
  byte[] addr;
  int port;
  byte[] meta;
  long incarnation;
  MemberState state = MemberState.DEAD;
  long stateChangeNanos;
  byte[] vsn = new byte[0];

  NodeState(String name, byte[] addr, int port, byte[] meta) {
    this.name = name;
    this.addr = addr;
    this.port = port;
    this.meta = meta;
  }

  boolean deadOrLeft() {
    return state == MemberState.DEAD || state == MemberState.LEFT;
  }

  int pmax() {
    return vsn.length > 1 ? vsn[1] & 0xff : 0;
  }

  InetSocketAddress socketAddress() {
    return socketAddress(addr, port);
  }

  static InetSocketAddress socketAddress(byte[] addr, int port) {
    try {
      return new InetSocketAddress(InetAddress.getByAddress(addr), port);
    } catch (UnknownHostException e) {
      return InetSocketAddress.createUnresolved("invalid", port);
    }
  }

  Member toMember() {
    return new Member(name, socketAddress(), meta, state, incarnation, vsn);
  }
}
