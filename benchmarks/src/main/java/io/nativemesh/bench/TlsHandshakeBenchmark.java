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
package io.nativemesh.bench;

import io.nativemesh.netty.MeshNettyContexts;
import io.nativemesh.netty.TlsEngine;
import io.nativemesh.tls.MeshState;
import io.nativemesh.tls.MeshStateStore;
import io.nativemesh.tls.TlsPolicy;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.ReferenceCountUtil;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLEngine;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Mutual-TLS cost with the mesh's dynamic managers versus static certificates with the JDK's stock
 * PKIX managers, on the JDK and OpenSSL engines, in memory: full handshakes, resumed handshakes and
 * 64-byte request/response round trips over one established connection.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TlsHandshakeBenchmark {
  @Param({"JDK", "OPENSSL"})
  public String engine;

  @Param({"MESH", "STATIC"})
  public String managers;

  private TlsMaterial material;
  private SslContext serverCtx;
  private SslContext clientCtx;
  private EnginePair established;
  private final ByteBuffer request = ByteBuffer.allocate(64);
  private final ByteBuffer response = ByteBuffer.allocate(64);
  private int port = 1;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    material = new TlsMaterial();
    MeshState web = material.webState();
    MeshState api = material.apiState();
    TlsEngine e = TlsEngine.valueOf(engine);
    if (managers.equals("MESH")) {
      MeshStateStore ws = new MeshStateStore();
      ws.publish(web);
      MeshStateStore as = new MeshStateStore();
      as.publish(api);
      serverCtx = MeshNettyContexts.server(ws, TlsPolicy.DEFAULT, e);
      clientCtx = MeshNettyContexts.client(as, TlsPolicy.DEFAULT, e, false);
    } else {
      SslProvider p = e.provider();
      serverCtx =
          SslContextBuilder.forServer(web.privateKey(), web.chain())
              .trustManager(web.trust().roots().get(0))
              .clientAuth(ClientAuth.REQUIRE)
              .sslProvider(p)
              .protocols("TLSv1.3", "TLSv1.2")
              .build();
      clientCtx =
          SslContextBuilder.forClient()
              .keyManager(api.privateKey(), api.chain())
              .trustManager(api.trust().roots().get(0))
              .sslProvider(p)
              .protocols("TLSv1.3", "TLSv1.2")
              .endpointIdentificationAlgorithm(null)
              .build();
    }
    established = pair(0);
    established.handshake();
  }

  /** A new engine pair; {@code port} 0 = a fresh peer (no resumption), else the resumable peer. */
  private EnginePair pair(int peerPort) {
    SSLEngine c =
        clientCtx.newEngine(
            ByteBufAllocator.DEFAULT,
            "web.service.consul",
            peerPort == 0 ? 10_000 + (port++ % 50_000) : peerPort);
    SSLEngine s = serverCtx.newEngine(ByteBufAllocator.DEFAULT);
    return new EnginePair(c, s);
  }

  private static void release(EnginePair p) {
    ReferenceCountUtil.release(p.client);
    ReferenceCountUtil.release(p.server);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    release(established);
    ReferenceCountUtil.release(serverCtx);
    ReferenceCountUtil.release(clientCtx);
    material.close();
  }

  /** A full mutual-TLS handshake (new peer each time, so nothing is resumed). */
  @Benchmark
  public Object fullHandshake() throws Exception {
    return handshakeWith(0);
  }

  /** A handshake with the same peer identity (host and port), which may resume the session. */
  @Benchmark
  public Object resumedHandshake() throws Exception {
    return handshakeWith(443);
  }

  private Object handshakeWith(int peerPort) throws Exception {
    EnginePair p = pair(peerPort);
    try {
      p.handshake();
      return p.client.getSession();
    } finally {
      release(p);
    }
  }

  /** One 64-byte request and 64-byte response over an established connection. */
  @Benchmark
  public int roundTrip64() throws Exception {
    return established.roundTrip(request, response);
  }
}
