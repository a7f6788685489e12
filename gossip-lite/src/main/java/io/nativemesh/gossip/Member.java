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
package io.nativemesh.gossip;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Objects;

/**
 * An immutable snapshot of one pool member as this node last saw it. Thread-safe.
 *
 * @since 0.1.0
 */
public final class Member {
  private final String name;
  private final InetSocketAddress address;
  private final byte[] metadata;
  private final MemberState state;
  private final long incarnation;
  private final byte[] versions;

  /**
   * @param versions memberlist's {@code [pmin, pmax, pcur, dmin, dmax, dcur]} (6 bytes, or empty if
   *     unknown)
   */
  public Member(
      String name,
      InetSocketAddress address,
      byte[] metadata,
      MemberState state,
      long incarnation,
      byte[] versions) {
    this.name = Objects.requireNonNull(name, "name");
    this.address = Objects.requireNonNull(address, "address");
    this.metadata = metadata == null ? new byte[0] : metadata.clone();
    this.state = Objects.requireNonNull(state, "state");
    this.incarnation = incarnation;
    this.versions = versions == null ? new byte[0] : versions.clone();
  }

  /** Unique node name within the pool. */
  public String name() {
    return name;
  }

  /** Advertised gossip address (UDP and TCP share the port). */
  public InetSocketAddress address() {
    return address;
  }

  public InetAddress host() {
    return address.getAddress();
  }

  public int port() {
    return address.getPort();
  }

  /** Node metadata (a copy; at most 512 bytes; empty if none). */
  public byte[] metadata() {
    return metadata.clone();
  }

  public MemberState state() {
    return state;
  }

  /** The member's incarnation number (unsigned 32-bit). */
  public long incarnation() {
    return incarnation;
  }

  /** Highest protocol version the member understands (PMax), or 0 if unknown. */
  public int protocolMax() {
    return versions.length > 1 ? versions[1] & 0xff : 0;
  }

  /** Protocol/delegate versions {@code [pmin, pmax, pcur, dmin, dmax, dcur]} (a copy). */
  public byte[] versions() {
    return versions.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Member m
        && name.equals(m.name)
        && address.equals(m.address)
        && Arrays.equals(metadata, m.metadata)
        && state == m.state
        && incarnation == m.incarnation
        && Arrays.equals(versions, m.versions);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, address, state, incarnation) * 31 + Arrays.hashCode(metadata);
  }

  @Override
  public String toString() {
    return "Member["
        + name
        + " "
        + address.getAddress().getHostAddress()
        + ":"
        + address.getPort()
        + " "
        + state
        + " inc="
        + incarnation
        + "]";
  }
}
