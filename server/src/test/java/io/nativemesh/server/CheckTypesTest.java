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
package io.nativemesh.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.nativemesh.server.internal.ca.X509Factory;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.ReferenceCountUtil;
import java.math.BigInteger;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The check types beyond TTL, HTTP and TCP (docs/consul-api.md, "Check types"), each against a real
 * thing: a real script under {@code /bin/sh}, a real UDP socket, a real Netty HTTP/2 server (h2c
 * and TLS with ALPN), alias checks following a TTL check, Docker checks that stay critical.
 */
class CheckTypesTest {

  private static JsonNode check(TestServer s, String id) {
    return TestServer.json(s.get("/v1/agent/checks")).get(id);
  }

  private static String status(TestServer s, String id) {
    JsonNode c = check(s, id);
    return c == null ? "absent" : c.get("Status").asText();
  }

  private static void register(TestServer s, String body) {
    var r = s.put("/v1/agent/service/register", body);
    assertEquals(200, r.statusCode(), body + " -> " + r.body());
  }

  private static TestServer withScripts() {
    return new TestServer(
        ServerConfig.builder().dev(true).nodeName("test-node").enableScriptChecks(true));
  }

  @Test
  void scriptChecksAreRefusedUnlessEnabled() {
    try (TestServer s = TestServer.dev()) {
      String msg =
          "Scripts are disabled on this agent; to enable, configure 'enable_script_checks' or"
              + " 'enable_local_script_checks' to true";
      var r =
          s.put(
              "/v1/agent/service/register",
              "{\"Name\":\"web\",\"Check\":{\"Args\":[\"/bin/true\"],\"Interval\":\"1s\"}}");
      assertEquals(400, r.statusCode());
      assertTrue(r.body().contains(msg), r.body());
      r =
          s.put(
              "/v1/agent/check/register",
              "{\"Name\":\"c\",\"Args\":[\"/bin/true\"],\"Interval\":\"1s\"}");
      assertEquals(400, r.statusCode());
      assertTrue(r.body().contains(msg), r.body());
    }
    try (TestServer s =
        new TestServer(
            ServerConfig.builder().dev(true).nodeName("n").enableLocalScriptChecks(true))) {
      register(s, "{\"Name\":\"web\",\"Check\":{\"Args\":[\"/bin/true\"],\"Interval\":\"1s\"}}");
    }
  }

  @Test
  void scriptCheckMapsExitCodesAndCapturesOutput(@TempDir Path dir) throws Exception {
    Path code = dir.resolve("code");
    Files.writeString(code, "0");
    try (TestServer s = withScripts()) {
      register(
          s,
          "{\"Name\":\"web\",\"Check\":{\"Args\":[\"/bin/sh\",\"-c\",\"echo out-$(cat "
              + code
              + "); echo err >&2; exit $(cat "
              + code
              + ")\"],\"Interval\":\"1s\",\"Timeout\":\"5s\"}}");
      Await.until(() -> status(s, "service:web").equals("passing"), "passing on exit 0");
      assertEquals("script", check(s, "service:web").get("Type").asText());
      String out = check(s, "service:web").get("Output").asText();
      assertTrue(out.contains("out-0") && out.contains("err"), out);
      Files.writeString(code, "1");
      Await.until(() -> status(s, "service:web").equals("warning"), "warning on exit 1");
      Files.writeString(code, "2");
      Await.until(() -> status(s, "service:web").equals("critical"), "critical on exit 2");
      assertTrue(check(s, "service:web").get("Output").asText().contains("out-2"));

      register(
          s,
          "{\"Name\":\"slow\",\"Check\":{\"Args\":[\"/bin/sh\",\"-c\",\"sleep 30\"],"
              + "\"Interval\":\"1s\",\"Timeout\":\"300ms\",\"Status\":\"passing\"}}");
      Await.until(() -> status(s, "service:slow").equals("critical"), "critical on timeout");
      assertTrue(
          check(s, "service:slow").get("Output").asText().startsWith("Timed out"),
          check(s, "service:slow").toString());
      // a command that does not exist is critical, not an error
      register(
          s,
          "{\"Name\":\"missing\",\"Check\":{\"Args\":[\""
              + dir.resolve("no-such-command")
              + "\"],\"Interval\":\"1s\",\"Status\":\"passing\"}}");
      Await.until(
          () -> status(s, "service:missing").equals("critical"), "critical when unrunnable");
    }
  }

  @Test
  void udpCheckPassesOnReplyAndFailsOnPortUnreachable() throws Exception {
    try (TestServer s = TestServer.dev();
        DatagramSocket echo = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      AtomicInteger received = new AtomicInteger();
      Thread t =
          new Thread(
              () -> {
                byte[] buf = new byte[64];
                while (!echo.isClosed()) {
                  try {
                    DatagramPacket p = new DatagramPacket(buf, buf.length);
                    echo.receive(p);
                    received.incrementAndGet();
                    echo.send(new DatagramPacket(buf, p.getLength(), p.getSocketAddress()));
                  } catch (java.io.IOException e) {
                    return;
                  }
                }
              });
      t.setDaemon(true);
      t.start();
      register(
          s,
          "{\"Name\":\"dns\",\"Check\":{\"UDP\":\"127.0.0.1:"
              + echo.getLocalPort()
              + "\",\"Interval\":\"1s\",\"Timeout\":\"2s\"}}");
      Await.until(() -> status(s, "service:dns").equals("passing"), "UDP passing");
      assertEquals("udp", check(s, "service:dns").get("Type").asText());
      assertTrue(received.get() > 0, "the datagram reached the socket");

      int closedPort;
      try (DatagramSocket gone = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
        closedPort = gone.getLocalPort();
      }
      register(
          s,
          "{\"Name\":\"gone\",\"Check\":{\"UDP\":\"127.0.0.1:"
              + closedPort
              + "\",\"Interval\":\"1s\",\"Timeout\":\"2s\",\"Status\":\"passing\"}}");
      Await.until(
          () -> status(s, "service:gone").equals("critical"), "UDP critical on unreachable");
      assertTrue(check(s, "service:gone").get("Output").asText().contains("refused"));
    }
  }

  /** A Netty HTTP/2 server; the frame codec acknowledges PINGs itself. */
  private static Channel h2Server(EventLoopGroup g, SslContext ssl) throws InterruptedException {
    return new ServerBootstrap()
        .group(g)
        .channel(NioServerSocketChannel.class)
        .childHandler(
            new ChannelInitializer<Channel>() {
              @Override
              protected void initChannel(Channel ch) {
                if (ssl != null) {
                  ch.pipeline().addLast(ssl.newHandler(ch.alloc()));
                }
                ch.pipeline()
                    .addLast(Http2FrameCodecBuilder.forServer().build())
                    .addLast(
                        new ChannelInboundHandlerAdapter() {
                          @Override
                          public void channelRead(ChannelHandlerContext ctx, Object msg) {
                            ReferenceCountUtil.release(msg); // PINGs are acked by the codec
                          }
                        });
              }
            })
        .bind(new InetSocketAddress("127.0.0.1", 0))
        .sync()
        .channel();
  }

  private static SslContext serverTls() throws Exception {
    KeyPair kp = X509Factory.newEcKeyPair();
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    X509Certificate cert =
        X509Factory.selfSignedRoot(
            kp,
            "h2",
            "spiffe://h2.test",
            BigInteger.ONE,
            now.minusSeconds(60),
            now.plusSeconds(3600));
    return SslContextBuilder.forServer(kp.getPrivate(), cert)
        .applicationProtocolConfig(
            new ApplicationProtocolConfig(
                ApplicationProtocolConfig.Protocol.ALPN,
                ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                ApplicationProtocolNames.HTTP_2))
        .build();
  }

  @Test
  void h2pingOverH2cAndTlsAgainstANettyHttp2Server() throws Exception {
    EventLoopGroup g = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    try (TestServer s = TestServer.dev()) {
      Channel h2c = h2Server(g, null);
      Channel tls = h2Server(g, serverTls());
      int h2cPort = ((InetSocketAddress) h2c.localAddress()).getPort();
      int tlsPort = ((InetSocketAddress) tls.localAddress()).getPort();
      register(
          s,
          "{\"Name\":\"plain\",\"Check\":{\"H2PING\":\"127.0.0.1:"
              + h2cPort
              + "\",\"H2PingUseTLS\":false,\"Interval\":\"1s\",\"Timeout\":\"2s\"}}");
      register(
          s,
          "{\"Name\":\"secure\",\"Check\":{\"H2PING\":\"127.0.0.1:"
              + tlsPort
              + "\",\"TLSSkipVerify\":true,\"Interval\":\"1s\",\"Timeout\":\"2s\"}}");
      // TLS is the default; the self-signed certificate fails verification without TLSSkipVerify
      register(
          s,
          "{\"Name\":\"verified\",\"Check\":{\"H2PING\":\"127.0.0.1:"
              + tlsPort
              + "\",\"Interval\":\"1s\",\"Timeout\":\"2s\",\"Status\":\"passing\"}}");
      Await.until(() -> status(s, "service:plain").equals("passing"), "h2c ping passing");
      Await.until(() -> status(s, "service:secure").equals("passing"), "TLS ping passing");
      Await.until(
          () -> status(s, "service:verified").equals("critical"), "untrusted cert critical");
      assertEquals("h2ping", check(s, "service:plain").get("Type").asText());
      assertEquals("HTTP2 ping was successful", check(s, "service:plain").get("Output").asText());
      h2c.close().sync();
      Await.until(
          () -> status(s, "service:plain").equals("critical"), "critical once the server stops");
      assertTrue(check(s, "service:plain").get("Output").asText().startsWith("Failed to ping"));
      tls.close().sync();
    } finally {
      g.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).sync();
    }
  }

  @Test
  void aliasCheckMirrorsTheAliasedServicesTtlCheck() throws Exception {
    try (TestServer s = TestServer.dev()) {
      register(s, "{\"Name\":\"db\",\"Check\":{\"CheckID\":\"db-ttl\",\"TTL\":\"30s\"}}");
      register(s, "{\"Name\":\"web\",\"Check\":{\"AliasService\":\"db\"}}");
      Await.until(() -> status(s, "service:web").equals("critical"), "alias critical like db");
      assertEquals("alias", check(s, "service:web").get("Type").asText());
      assertEquals(200, s.put("/v1/agent/check/pass/db-ttl?note=fine", "").statusCode());
      Await.until(() -> status(s, "service:web").equals("passing"), "alias passing like db");
      assertEquals("All checks passing.", check(s, "service:web").get("Output").asText());
      assertEquals(200, s.put("/v1/agent/check/warn/db-ttl?note=slow", "").statusCode());
      Await.until(() -> status(s, "service:web").equals("warning"), "alias warning like db");
      assertTrue(check(s, "service:web").get("Output").asText().contains("slow"));
      // the aliased service disappears: critical, naming it
      assertEquals(200, s.put("/v1/agent/service/deregister/db", "").statusCode());
      Await.until(() -> status(s, "service:web").equals("critical"), "alias critical without db");
      assertTrue(
          check(s, "service:web").get("Output").asText().contains("could not be found"),
          check(s, "service:web").toString());
    }
  }

  @Test
  void dockerChecksRegisterCriticalWithTheReason() {
    try (TestServer s = withScripts()) {
      register(
          s,
          "{\"Name\":\"box\",\"Check\":{\"DockerContainerID\":\"f972c95ebf0e\","
              + "\"Args\":[\"/bin/true\"],\"Interval\":\"10s\",\"Status\":\"passing\"}}");
      JsonNode c = check(s, "service:box");
      assertEquals("critical", c.get("Status").asText());
      assertEquals("docker", c.get("Type").asText());
      assertTrue(c.get("Output").asText().contains("Docker"), c.toString());
    }
  }

  @Test
  void conflictingAndMalformedDefinitionsAre400() {
    try (TestServer s = withScripts()) {
      String[][] cases = {
        {
          "{\"Name\":\"a\",\"Check\":{\"UDP\":\"nope\",\"Interval\":\"1s\"}}",
          "UDP must be host:port"
        },
        {"{\"Name\":\"a\",\"Check\":{\"H2PING\":\"h:0\",\"Interval\":\"1s\"}}", "H2PING"},
        {"{\"Name\":\"a\",\"Check\":{\"UDP\":\"h:1\"}}", "Interval must be > 0"},
        {
          "{\"Name\":\"a\",\"Check\":{\"UDP\":\"h:1\",\"TCP\":\"h:1\",\"Interval\":\"1s\"}}",
          "exactly one of"
        },
      };
      for (String[] c : cases) {
        var r = s.put("/v1/agent/service/register", c[0]);
        assertEquals(400, r.statusCode(), c[0] + " -> " + r.body());
        assertTrue(r.body().contains(c[1]), c[0] + " -> " + r.body());
      }
    }
  }
}
