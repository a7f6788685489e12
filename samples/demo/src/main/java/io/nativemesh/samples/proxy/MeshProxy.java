package io.nativemesh.samples.proxy;

import io.nativemesh.MeshService;
import io.nativemesh.consul.ConsulClient;
import io.nativemesh.discovery.InboundForwarder;
import io.nativemesh.discovery.UpstreamListener;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * A command line in the spirit of {@code consul connect proxy}, built on the SDK's local forwarders:
 *
 * <pre>
 *   java -jar mesh-proxy.jar -service web -upstream greeter:8080 [-upstream redis:6379 ...]
 *   java -jar mesh-proxy.jar -service redis -listen 127.0.0.1:21000 -forward 127.0.0.1:6379 [-register]
 * </pre>
 *
 * {@code -upstream name:port} listens on 127.0.0.1:port and forwards to the upstream over mTLS;
 * {@code -listen} terminates mTLS for {@code -service} and forwards to {@code -forward};
 * {@code -register} also registers the instance (Connect-native, readiness TTL check). The agent is
 * {@code -http-addr} / {@code -token}, else {@code CONSUL_HTTP_ADDR} / {@code CONSUL_HTTP_TOKEN}.
 * Runs until SIGTERM (or Ctrl-C), then deregisters and closes every listener.
 */
public final class MeshProxy {
  private MeshProxy() {}

  /**
   * @param args see the class comment
   * @throws Exception if the proxy cannot start
   */
  public static void main(String[] args) throws Exception {
    Map<String, String> opts = new HashMap<>();
    List<String> upstreams = new ArrayList<>();
    boolean register = false;
    for (int i = 0; i < args.length; i++) {
      String a = args[i].replaceFirst("^--", "-");
      switch (a) {
        case "-register" -> register = true;
        case "-upstream" -> upstreams.add(value(args, ++i, a));
        case "-service", "-listen", "-forward", "-http-addr", "-token" -> opts.put(a, value(args, ++i, a));
        case "-h", "-help" -> usage(null);
        default -> usage("unknown flag " + a);
      }
    }
    String service = opts.get("-service");
    if (service == null || (upstreams.isEmpty() && opts.get("-listen") == null)) {
      usage("need -service and at least one -upstream or -listen/-forward");
    }
    if (opts.containsKey("-listen") != opts.containsKey("-forward")) {
      usage("-listen and -forward go together");
    }
    ConsulClient.Builder cb = ConsulClient.builder().fromEnvironment(System.getenv());
    if (opts.containsKey("-http-addr")) {
      cb.address(opts.get("-http-addr"));
    }
    if (opts.containsKey("-token")) {
      cb.token(opts.get("-token"));
    }
    ConsulClient consul = cb.build();
    MeshService mesh = MeshService.builder(service).consul(consul).build();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      mesh.close();
      consul.close();
      stopped.countDown();
    }, "mesh-proxy-shutdown"));
    mesh.awaitReady(Duration.ofSeconds(60));
    for (String u : upstreams) {
      int colon = u.lastIndexOf(':');
      if (colon <= 0) {
        usage("-upstream wants name:port, got " + u);
      }
      UpstreamListener l = mesh.upstreamListener(u.substring(0, colon), Integer.parseInt(u.substring(colon + 1)));
      System.out.println("upstream " + l.target() + " on " + l.address());
    }
    if (opts.containsKey("-listen")) {
      InetSocketAddress listen = hostPort(opts.get("-listen"));
      InboundForwarder in = mesh.inboundForwarder(listen, hostPort(opts.get("-forward")));
      System.out.println("inbound mTLS on " + in.address() + " -> " + in.local());
      if (register) {
        mesh.register(service + "-" + in.port(), listen.getHostString(), in.port());
      }
    }
    System.out.println("mesh-proxy for " + service + " running; SIGTERM to stop");
    stopped.await();
  }

  private static InetSocketAddress hostPort(String s) {
    int colon = s.lastIndexOf(':');
    if (colon <= 0) {
      usage("want host:port, got " + s);
    }
    return new InetSocketAddress(s.substring(0, colon), Integer.parseInt(s.substring(colon + 1)));
  }

  private static String value(String[] args, int i, String flag) {
    if (i >= args.length) {
      usage(flag + " needs a value");
    }
    return args[i];
  }

  private static void usage(String error) {
    if (error != null) {
      System.err.println("error: " + error);
    }
    System.err.println("usage: mesh-proxy -service NAME [-upstream NAME:LOCALPORT]... "
        + "[-listen HOST:PORT -forward HOST:PORT [-register]] [-http-addr URL] [-token TOKEN]");
    System.exit(error == null ? 0 : 2);
  }
}
