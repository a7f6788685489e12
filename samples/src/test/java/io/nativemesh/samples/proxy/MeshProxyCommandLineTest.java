package io.nativemesh.samples.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** mesh-proxy's command line: every flag as the docs spell it, help, and errors that exit 2 before anything starts. */
class MeshProxyCommandLineTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private static MeshProxy parse(String... args) {
    MeshProxy p = new MeshProxy();
    MeshProxy.commandLine(p).parseArgs(MeshProxy.oneDash(args));
    return p;
  }

  private int execute(String... args) {
    CommandLine c = MeshProxy.commandLine(new MeshProxy());
    c.setOut(new PrintWriter(out, true));
    c.setErr(new PrintWriter(err, true));
    return c.execute(MeshProxy.oneDash(args));
  }

  @Test
  void upstreamSide() {
    MeshProxy p = parse("-service", "web", "-upstream", "redis:16380", "--upstream=greeter:8080", "-http-addr",
        "http://127.0.0.1:18577", "-token", "secret");
    assertEquals("web", p.service);
    assertEquals(List.of(new MeshProxy.Upstream("redis", 16380), new MeshProxy.Upstream("greeter", 8080)), p.upstreams);
    assertEquals("http://127.0.0.1:18577", p.httpAddr);
    assertEquals("secret", p.token);
    assertNull(p.inbound);
  }

  @Test
  void inboundSide() {
    MeshProxy p = parse("-service", "redis", "-listen", "127.0.0.1:21000", "-forward", "127.0.0.1:16399", "-register");
    assertEquals(new InetSocketAddress("127.0.0.1", 21000), p.inbound.listen);
    assertEquals(new InetSocketAddress("127.0.0.1", 16399), p.inbound.forward);
    assertTrue(p.inbound.register);
    assertTrue(p.upstreams.isEmpty());
    assertFalse(parse("-service", "redis", "-listen", "127.0.0.1:21000", "-forward", "127.0.0.1:16399").inbound.register);
  }

  @Test
  void errorsExitWithTwoNamingTheFlag() {
    assertEquals(2, execute("-service", "web", "-upstrem", "redis:1"));
    assertTrue(err.toString().contains("-upstrem"), err.toString());
    assertUsageError("-upstream", "redis", "-service", "web", "-upstream", "redis");
    assertUsageError("-upstream", "redis:port", "-service", "web", "-upstream", "redis:port");
    assertUsageError("-listen", "nowhere", "-service", "db", "-listen", "nowhere", "-forward", "127.0.0.1:1");
    assertUsageError("-forward", "", "-service", "db", "-listen", "127.0.0.1:1");
    assertUsageError("-service", "", "-upstream", "redis:1");
    assertUsageError("-upstream", "", "-service", "web");
  }

  @Test
  void helpListsTheFlags() {
    assertEquals(0, execute("--help"));
    for (String flag : new String[] {"-service", "-upstream", "-listen", "-forward", "-register", "-http-addr", "-token"}) {
      assertTrue(out.toString().contains(flag), flag + " missing from\n" + out);
    }
  }

  private void assertUsageError(String flag, String value, String... args) {
    err.getBuffer().setLength(0);
    assertEquals(2, execute(args), err.toString());
    assertTrue(err.toString().contains(flag) && err.toString().contains(value), err.toString());
  }
}
