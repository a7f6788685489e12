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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nativemesh.blocking.WatchOptions;
import io.nativemesh.netty.TlsEngine;
import io.nativemesh.tls.MeshStateStore;
import io.nativemesh.tls.TlsPolicy;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link LocalForwarders} end to end on 127.0.0.1: a plain client connects to an {@link
 * UpstreamListener}, which dials an {@link InboundForwarder} over mutual TLS (found through a
 * WireMock catalog), which forwards to a plain line server. Half-close crosses TLS as close_notify.
 */
class LocalForwardersTest {
  private final TestMesh mesh = new TestMesh();
  private final List<AutoCloseable> closeMe = new ArrayList<>();
  private FakeConsul consul;
  private UpstreamResolver resolver;
  private LocalForwarders forwarders;
  private LocalForwarders webForwarders;
  private MeshStateStore web;
  private LineServer backend;

  /**
   * A plain TCP server answering each line with {@code echo:<line>} and, at end of input, {@code
   * bye after <n> lines}.
   */
  static final class LineServer extends TlsTestServer {
    final AtomicInteger lines = new AtomicInteger();

    LineServer() throws IOException {
      super(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
      start();
    }

    @Override
    protected void serve(Socket s) {
      try (s) {
        BufferedReader in =
            new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
        OutputStream out = s.getOutputStream();
        int n = 0;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          n++;
          lines.incrementAndGet();
          out.write(("echo:" + line + "\n").getBytes(StandardCharsets.UTF_8));
          out.flush();
        }
        out.write(("bye after " + n + " lines\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
      } catch (IOException e) {
        // the forwarder closed
      }
    }
  }

  @BeforeEach
  void start() throws Exception {
    consul = new FakeConsul();
    MeshStateStore api = mesh.store(TestMesh.uri("api"), List.of(), false);
    web =
        mesh.store(TestMesh.uri("web"), List.of(TestMesh.intention("api", "web", "allow")), false);
    resolver =
        new UpstreamResolver(
            consul.watches,
            WatchOptions.DEFAULTS,
            () -> "dc1",
            Duration.ofSeconds(10),
            UpstreamPolicy.builder().retries(3, Duration.ofMillis(1)).build(),
            System::nanoTime);
    // two services' forwarders: api's upstream listeners dial web's inbound forwarders
    forwarders =
        new LocalForwarders(
            api,
            TlsPolicy.DEFAULT,
            TlsEngine.JDK,
            resolver,
            new RefusalDiagnostics(consul.client),
            1);
    webForwarders =
        new LocalForwarders(
            web,
            TlsPolicy.DEFAULT,
            TlsEngine.JDK,
            resolver,
            new RefusalDiagnostics(consul.client),
            1);
    backend = new LineServer();
    closeMe.add(backend);
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : closeMe) {
      c.close();
    }
    forwarders.close();
    webForwarders.close();
    resolver.close();
    consul.close();
  }

  private InboundForwarder inbound(InetSocketAddress local) throws IOException {
    InboundForwarder f =
        webForwarders.inboundForwarder(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            local,
            UpstreamPolicy.DEFAULT);
    closeMe.add(f);
    return f;
  }

  private UpstreamListener listener() throws IOException {
    UpstreamListener l =
        forwarders.upstreamListener(
            UpstreamTarget.of("web"), new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    closeMe.add(l);
    return l;
  }

  private static Socket connect(ForwarderHandle h) throws IOException {
    Socket s = new Socket(InetAddress.getLoopbackAddress(), h.port());
    s.setSoTimeout(10_000);
    return s;
  }

  private static void send(Socket s, String text) throws IOException {
    s.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
    s.getOutputStream().flush();
  }

  private static BufferedReader reader(Socket s) throws IOException {
    return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
  }

  @Test
  void aPlainClientReachesAPlainServerThroughTheMesh() throws Exception {
    InboundForwarder in = inbound(backend.address());
    consul.instances("web", in.address());
    UpstreamListener l = listener();

    try (Socket s = connect(l)) {
      BufferedReader r = reader(s);
      send(s, "hello\n");
      assertEquals("echo:hello", r.readLine());
      send(s, "again\n");
      assertEquals("echo:again", r.readLine());
      assertEquals(1, l.connections());
      assertEquals(1, in.connections());
    }
    assertEquals(UpstreamTarget.of("web"), l.target());
    assertEquals(backend.address(), in.local());
    assertEquals("UpstreamListener[" + l.address() + " -> web]", l.toString());
    assertEquals(
        "InboundForwarder[" + in.address() + " -> " + backend.address() + "]", in.toString());
  }

  @Test
  void halfCloseCrossesTheMeshInBothDirections() throws Exception {
    consul.instances("web", inbound(backend.address()).address());

    try (Socket s = connect(listener())) {
      BufferedReader r = reader(s);
      send(s, "one\ntwo\n");
      assertEquals("echo:one", r.readLine());
      s.shutdownOutput(); // FIN -> close_notify -> FIN at the backend, which still answers
      assertEquals("echo:two", r.readLine());
      assertEquals("bye after 2 lines", r.readLine());
      assertEquals(-1, r.read(), "the backend's close must reach the client");
    }
  }

  @Test
  void aLargeExchangeSurvivesBackPressureIntact() throws Exception {
    consul.instances("web", inbound(backend.address()).address());
    int lines = 20_000;
    String pad = "x".repeat(200);

    try (Socket s = connect(listener())) {
      CompletableFuture<Void> writer =
          CompletableFuture.runAsync(
              () -> {
                try {
                  OutputStream out = s.getOutputStream();
                  for (int i = 0; i < lines; i++) {
                    out.write((i + pad + "\n").getBytes(StandardCharsets.UTF_8));
                  }
                  out.flush();
                  s.shutdownOutput();
                } catch (IOException e) {
                  throw new IllegalStateException(e);
                }
              });
      BufferedReader r = reader(s);
      for (int i = 0; i < lines; i++) {
        assertEquals("echo:" + i + pad, r.readLine());
      }
      assertEquals("bye after " + lines + " lines", r.readLine());
      writer.get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void anInstanceWhoseLocalServerIsDownIsSkipped() throws Exception {
    InboundForwarder broken = inbound(TlsTestServer.closedPort());
    InboundForwarder healthy = inbound(backend.address());
    consul.instances("web", broken.address(), healthy.address());
    UpstreamListener l = listener();

    for (int i = 0; i < 4; i++) {
      try (Socket s = connect(l)) {
        send(s, "n" + i + "\n");
        assertEquals("echo:n" + i, reader(s).readLine());
      }
    }
    assertEquals(4, backend.lines.get());
  }

  @Test
  void aCallerDeniedByIntentionsIsDisconnectedAndNothingReachesTheServer() throws Exception {
    web.publish(
        mesh.state(
            2, TestMesh.uri("web"), List.of(TestMesh.intention("api", "web", "deny")), false));
    consul.instances("web", inbound(backend.address()).address());
    consul.intentions(
        "web",
        "allow",
        "[{\"SourceNS\":\"default\",\"SourceName\":\"api\",\"DestinationNS\":\"default\","
            + "\"DestinationName\":\"web\",\"SourceType\":\"consul\",\"Action\":\"deny\",\"Precedence\":9}]");

    try (Socket s = connect(listener())) {
      send(s, "secret\n");
      assertEquals(null, readOrReset(s), "a denied caller got an answer");
    }
    assertEquals(0, backend.lines.get());
  }

  private static String readOrReset(Socket s) throws IOException {
    try {
      return reader(s).readLine();
    } catch (SocketException reset) {
      return null;
    }
  }

  @Test
  void anUpstreamWithoutInstancesClosesTheLocalConnection() throws Exception {
    consul.healthConnect("web", "[]");

    try (Socket s = connect(listener())) {
      assertEquals(null, readOrReset(s));
    }
  }

  @Test
  void anIdleConnectionIsClosedAfterTheUpstreamsIdleTimeout() throws Exception {
    resolver.configure(
        UpstreamTarget.of("web"),
        UpstreamPolicy.builder().idleTimeout(Duration.ofMillis(300)).build());
    consul.instances("web", inbound(backend.address()).address());

    try (Socket s = connect(listener())) {
      send(s, "first\n");
      BufferedReader r = reader(s);
      assertEquals("echo:first", r.readLine());
      assertEquals(
          null,
          r.readLine(),
          "an idle connection must be closed"); // soTimeout 10 s bounds the wait
    }
  }

  @Test
  void closingAListenerClosesItsConnections() throws Exception {
    consul.instances("web", inbound(backend.address()).address());
    UpstreamListener l = listener();

    try (Socket s = connect(l)) {
      send(s, "hi\n");
      BufferedReader r = reader(s);
      assertEquals("echo:hi", r.readLine());
      l.close();
      assertEquals(null, readOrReset(s));
    }
    Eventually.await(() -> l.connections() == 0, "the closed listener's connections to drop");
  }

  @Test
  void aPortInUseIsAnIoExceptionNamingTheAddress() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      InetSocketAddress addr =
          new InetSocketAddress(InetAddress.getLoopbackAddress(), taken.getLocalPort());
      IOException e =
          assertThrows(
              IOException.class, () -> forwarders.upstreamListener(UpstreamTarget.of("web"), addr));
      assertTrue(e.getMessage().startsWith("cannot listen on " + addr), e.getMessage());
    }
  }
}
