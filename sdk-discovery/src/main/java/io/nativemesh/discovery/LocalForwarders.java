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
package io.nativemesh.discovery;

import io.nativemesh.core.MissingDependencyException;
import io.nativemesh.discovery.internal.NettyForwarders;
import io.nativemesh.netty.TlsEngine;
import io.nativemesh.tls.MeshStateStore;
import io.nativemesh.tls.TlsPolicy;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * Starts local forwarders on one shared Netty event loop group: {@link UpstreamListener}s (local
 * plain TCP to a mesh upstream over mTLS) and {@link InboundForwarder}s (mesh mTLS to a local plain
 * TCP server). Back-pressure, half-close (TCP FIN ⇄ TLS close_notify) and idle timeouts are handled
 * per connection.
 *
 * <p>Netty is an optional dependency of this module: the forwarders need {@code
 * io.nativemesh:nativemesh-sdk-netty} (which brings Netty) on the class path, and the constructor
 * throws {@link MissingDependencyException} naming it when it is missing. Nothing else in {@code
 * io.nativemesh.discovery} needs Netty.
 *
 * <p>Thread-safe; {@link #close()} stops every forwarder and the threads.
 *
 * @since 0.1.0
 */
public final class LocalForwarders implements AutoCloseable {
  /** Maven coordinates of the jar the forwarders need. */
  public static final String NETTY_ARTIFACT = "io.nativemesh:nativemesh-sdk-netty";

  private final NettyForwarders netty;

  /**
   * @param store our mesh state (identity, key and trust of the TLS contexts)
   * @param policy verification policy of the TLS contexts
   * @param engine TLS engine of the forwarders; null for {@code TlsEngine.AUTO} (OpenSSL when
   *     netty-tcnative loads, else the JDK)
   * @param resolver upstream resolution and policies
   * @param diagnostics explains refusals
   * @param threads event loop threads (≥ 1)
   * @throws MissingDependencyException if {@code nativemesh-sdk-netty} or Netty is not on the class
   *     path
   */
  public LocalForwarders(
      MeshStateStore store,
      TlsPolicy policy,
      TlsEngine engine,
      UpstreamResolver resolver,
      RefusalDiagnostics diagnostics,
      int threads) {
    requireNetty("local forwarders");
    this.netty =
        new NettyForwarders(
            store,
            policy,
            engine == null ? TlsEngine.AUTO : engine,
            resolver,
            diagnostics,
            threads);
  }

  /**
   * Checks that the forwarders' optional dependency is present.
   *
   * @param feature what is about to be used, for the message
   * @throws MissingDependencyException naming {@link #NETTY_ARTIFACT} if it or Netty is missing
   */
  public static void requireNetty(String feature) {
    MissingDependencyException.require(
        feature,
        NETTY_ARTIFACT,
        LocalForwarders.class.getClassLoader(),
        "io.nativemesh.netty.MeshNettyContexts",
        "io.netty.handler.ssl.SslContext",
        "io.netty.channel.Channel");
  }

  /**
   * Listens on {@code bind} and forwards each connection to a healthy instance of {@code target}.
   * The upstream's endpoint watch starts now, so the first connection need not wait for it.
   *
   * @param target the upstream
   * @param bind where to listen, normally {@code 127.0.0.1:<port>} (port 0 picks a free one)
   * @return the running listener
   * @throws IOException if the address cannot be bound
   */
  public UpstreamListener upstreamListener(UpstreamTarget target, InetSocketAddress bind)
      throws IOException {
    return new UpstreamListener(netty.upstreamListener(target, bind), target);
  }

  /**
   * Terminates mesh mTLS on {@code meshBind} and forwards authorized connections to {@code local}.
   *
   * @param meshBind where to listen for mesh peers (the registered service address and port)
   * @param local the plain TCP server, normally on 127.0.0.1
   * @param timeouts connect (to {@code local}), handshake and idle timeouts
   * @return the running forwarder
   * @throws IOException if the address cannot be bound
   */
  public InboundForwarder inboundForwarder(
      InetSocketAddress meshBind, InetSocketAddress local, UpstreamPolicy timeouts)
      throws IOException {
    return inboundForwarder(meshBind, local, timeouts, false);
  }

  /**
   * Terminates mesh mTLS on {@code meshBind} and forwards authorized connections to {@code local},
   * choosing what the handshake negotiates. The forwarder copies bytes and cannot speak for the
   * server behind it, so by default ({@link #inboundForwarder(InetSocketAddress, InetSocketAddress,
   * UpstreamPolicy)}) it negotiates no ALPN protocol and an HTTP client offering {@code h2} falls
   * back to HTTP/1.1; pass {@code http2} only when {@code local} speaks HTTP/2 (as Consul's
   * service-defaults {@code Protocol} {@code http2} or {@code grpc} declares).
   *
   * @param meshBind where to listen for mesh peers (the registered service address and port)
   * @param local the plain TCP server, normally on 127.0.0.1
   * @param timeouts connect (to {@code local}), handshake and idle timeouts
   * @param http2 true to negotiate ALPN {@code h2}/{@code http/1.1}; false to negotiate none
   * @return the running forwarder
   * @throws IOException if the address cannot be bound
   */
  public InboundForwarder inboundForwarder(
      InetSocketAddress meshBind, InetSocketAddress local, UpstreamPolicy timeouts, boolean http2)
      throws IOException {
    return new InboundForwarder(netty.inboundForwarder(meshBind, local, timeouts, http2), local);
  }

  /** Stops every forwarder started here and the event loop threads (waits up to 5 s). */
  @Override
  public void close() {
    netty.close();
  }
}
