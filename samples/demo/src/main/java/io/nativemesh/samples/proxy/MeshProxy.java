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
package io.nativemesh.samples.proxy;

import io.nativemesh.MeshService;
import io.nativemesh.consul.ConsulClient;
import io.nativemesh.discovery.InboundForwarder;
import io.nativemesh.discovery.UpstreamListener;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * A command line in the spirit of {@code consul connect proxy}, built on the SDK's local
 * forwarders:
 *
 * <pre>
 *   java -jar mesh-proxy.jar -service web -upstream greeter:8080 [-upstream redis:6379 ...]
 *   java -jar mesh-proxy.jar -service redis -listen 127.0.0.1:21000 -forward 127.0.0.1:6379 [-register] [-http2]
 * </pre>
 *
 * {@code -upstream name:port} listens on 127.0.0.1:port and forwards to the upstream over mTLS;
 * {@code -listen} terminates mTLS for {@code -service} and forwards to {@code -forward}; {@code
 * -register} also registers the instance (Connect-native, readiness TTL check). The agent is {@code
 * -http-addr} / {@code -token}, else {@code CONSUL_HTTP_ADDR} / {@code CONSUL_HTTP_TOKEN}. Runs
 * until SIGTERM (or Ctrl-C), then deregisters and closes every listener. The command line is parsed
 * by picocli: {@code -help} prints it; {@code --flag} is the same as {@code -flag}; an unknown flag
 * or malformed value exits with status 2 and a message naming it.
 */
@Command(
    name = "mesh-proxy",
    sortOptions = false,
    usageHelpWidth = 100,
    description = {
      "",
      "Local mTLS forwarders for one mesh service, in the spirit of 'consul connect proxy'.",
      ""
    })
public final class MeshProxy implements Callable<Integer> {
  /** An {@code -upstream name:localport}. */
  record Upstream(String name, int localPort) {}

  /** The inbound side: {@code -listen} and {@code -forward} go together. */
  static final class Inbound {
    @Option(
        names = "-listen",
        required = true,
        paramLabel = "HOST:PORT",
        converter = HostPort.class,
        description = "terminate mTLS for -service here")
    InetSocketAddress listen;

    @Option(
        names = "-forward",
        required = true,
        paramLabel = "HOST:PORT",
        converter = HostPort.class,
        description = "forward inbound connections to this local address")
    InetSocketAddress forward;

    @Option(
        names = "-register",
        description = "also register the instance (Connect-native, TTL readiness check)")
    boolean register;

    @Option(
        names = "-http2",
        description =
            "the local server speaks HTTP/2: negotiate ALPN h2 (default: no ALPN, so HTTP clients"
                + " fall back to HTTP/1.1)")
    boolean http2;
  }

  @Spec CommandSpec spec;

  @Option(
      names = "-service",
      required = true,
      paramLabel = "NAME",
      description = "the mesh service this proxy acts for")
  String service;

  @Option(
      names = "-upstream",
      paramLabel = "NAME:LOCALPORT",
      converter = UpstreamValue.class,
      description = "listen on 127.0.0.1:LOCALPORT and forward to NAME over mTLS; repeatable")
  List<Upstream> upstreams = new ArrayList<>();

  @ArgGroup(exclusive = false)
  Inbound inbound;

  @Option(
      names = "-http-addr",
      paramLabel = "URL",
      description = "the agent's HTTP address (default: CONSUL_HTTP_ADDR)")
  String httpAddr;

  @Option(
      names = "-token",
      paramLabel = "TOKEN",
      description = "ACL token (default: CONSUL_HTTP_TOKEN)")
  String token;

  @Option(
      names = {"-h", "-help"},
      usageHelp = true,
      description = "show this help and exit")
  boolean help;

  /**
   * @param args see the class comment
   */
  public static void main(String[] args) {
    System.exit(commandLine(new MeshProxy()).execute(oneDash(args)));
  }

  /**
   * @param proxy the options object
   * @return a picocli command line over it, configured as {@link #main} uses it
   */
  static CommandLine commandLine(MeshProxy proxy) {
    return new CommandLine(proxy)
        .setExpandAtFiles(false)
        .setPosixClusteredShortOptionsAllowed(false)
        .setOverwrittenOptionsAllowed(true);
  }

  /** {@code --flag} is accepted as {@code -flag}. */
  static String[] oneDash(String[] args) {
    return Arrays.stream(args)
        .map(a -> a.startsWith("--") && a.length() > 2 ? a.substring(1) : a)
        .toArray(String[]::new);
  }

  /** Checks what picocli's declarations cannot say. */
  void validate() {
    if (upstreams.isEmpty() && inbound == null) {
      throw new ParameterException(
          spec.commandLine(), "need at least one -upstream or -listen/-forward");
    }
  }

  @Override
  public Integer call() throws Exception {
    validate();
    ConsulClient.Builder cb = ConsulClient.builder().fromEnvironment(System.getenv());
    if (httpAddr != null) {
      cb.address(httpAddr);
    }
    if (token != null) {
      cb.token(token);
    }
    ConsulClient consul = cb.build();
    MeshService mesh = MeshService.builder(service).consul(consul).build();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  mesh.close();
                  consul.close();
                  stopped.countDown();
                },
                "mesh-proxy-shutdown"));
    mesh.awaitReady(Duration.ofSeconds(60));
    for (Upstream u : upstreams) {
      UpstreamListener l = mesh.upstreamListener(u.name(), u.localPort());
      System.out.println("upstream " + l.target() + " on " + l.address());
    }
    if (inbound != null) {
      InboundForwarder in = mesh.inboundForwarder(inbound.listen, inbound.forward, inbound.http2);
      System.out.println("inbound mTLS on " + in.address() + " -> " + in.local());
      if (inbound.register) {
        mesh.register(service + "-" + in.port(), inbound.listen.getHostString(), in.port());
      }
    }
    System.out.println("mesh-proxy for " + service + " running; SIGTERM to stop");
    stopped.await();
    return 0;
  }

  /** {@code name:port}. */
  static final class UpstreamValue implements ITypeConverter<Upstream> {
    @Override
    public Upstream convert(String value) {
      int colon = value.lastIndexOf(':');
      return new Upstream(
          value.substring(0, Math.max(0, colon)), port(value, colon, "NAME:LOCALPORT"));
    }
  }

  /** {@code host:port}. */
  static final class HostPort implements ITypeConverter<InetSocketAddress> {
    @Override
    public InetSocketAddress convert(String value) {
      int colon = value.lastIndexOf(':');
      return new InetSocketAddress(
          value.substring(0, Math.max(0, colon)), port(value, colon, "HOST:PORT"));
    }
  }

  private static int port(String value, int colon, String form) {
    try {
      int port = colon > 0 ? Integer.parseInt(value.substring(colon + 1)) : -1;
      if (port >= 0 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new TypeConversionException("'" + value + "' is not " + form + " (port 0..65535)");
  }
}
