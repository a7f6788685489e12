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
package io.nativemesh.server.internal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nativemesh.core.InvalidConfigurationException;
import io.nativemesh.server.ClusterConfig;
import io.nativemesh.server.DefaultIntentionPolicy;
import io.nativemesh.server.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

class AgentCommandLineTest {

  private static AgentCommandLine.Parsed parse(String... args) {
    return AgentCommandLine.parse(args, Clock.systemUTC());
  }

  @Test
  void devDefaults() {
    ServerConfig c = parse("agent", "-dev").config();
    assertEquals("127.0.0.1", c.bindAddress());
    assertEquals(8500, c.httpPort());
    assertEquals("dc1", c.datacenter());
    assertEquals(DefaultIntentionPolicy.ALLOW, c.defaultIntentionPolicy());
    assertEquals(Duration.ofHours(72), c.leafCertTtl());
    assertTrue(c.dev());
  }

  @Test
  void bothFlagStyles() {
    ServerConfig a =
        parse(
                "agent",
                "-dev",
                "-http-port",
                "8600",
                "-default-intention-policy",
                "deny",
                "-leaf-cert-ttl",
                "30s",
                "-node",
                "box",
                "-datacenter",
                "east",
                "-client",
                "0.0.0.0")
            .config();
    ServerConfig b =
        parse(
                "agent",
                "--dev",
                "-http-port=8600",
                "-default-intention-policy=deny",
                "--leaf-cert-ttl=30s",
                "-node=box",
                "-datacenter=east",
                "-client=0.0.0.0")
            .config();
    for (ServerConfig c : new ServerConfig[] {a, b}) {
      assertEquals(8600, c.httpPort());
      assertEquals(DefaultIntentionPolicy.DENY, c.defaultIntentionPolicy());
      assertEquals(Duration.ofSeconds(30), c.leafCertTtl());
      assertEquals("box", c.nodeName());
      assertEquals("east", c.datacenter());
      assertEquals("0.0.0.0", c.bindAddress());
    }
  }

  @Test
  void serverFlagsConfigureACluster() {
    ServerConfig c =
        parse(
                "agent",
                "-server",
                "-bootstrap-expect",
                "3",
                "-data-dir",
                "/tmp/x",
                "-node",
                "s1",
                "-server-port",
                "8300",
                "-retry-join",
                "127.0.0.1:8301",
                "-retry-join",
                "127.0.0.1:8302",
                "-raft-election-timeout",
                "300ms")
            .config();
    ClusterConfig k = c.cluster();
    assertEquals(3, k.bootstrapExpect());
    assertEquals("127.0.0.1:8300", k.selfAddress());
    assertEquals(
        java.util.List.of("127.0.0.1:8300", "127.0.0.1:8301", "127.0.0.1:8302"), k.servers());
    assertEquals(Duration.ofMillis(150), k.electionTimeoutMin());
    assertEquals(Duration.ofMillis(300), k.electionTimeoutMax());
    assertEquals(null, parse("agent", "-data-dir", "/tmp/x").config().cluster());
    InvalidConfigurationException e =
        assertThrows(
            InvalidConfigurationException.class,
            () ->
                parse(
                    "agent",
                    "-server",
                    "-bootstrap-expect=3",
                    "-data-dir=/tmp/x",
                    "-retry-join=127.0.0.1:8301"));
    assertTrue(e.getMessage().contains("-bootstrap-expect 3"), e.getMessage());
    assertThrows(
        InvalidConfigurationException.class,
        () -> parse("agent", "-server", "-dev", "-retry-join=127.0.0.1:8301"));
    assertThrows(
        InvalidConfigurationException.class,
        () -> parse("agent", "-server", "-data-dir=/tmp/x", "-retry-join=nohostport"));
  }

  @Test
  void aServerWithoutBootstrapExpectJoinsTheRunningClusterAtRetryJoin() {
    ClusterConfig k =
        parse("agent", "-server", "-data-dir=/tmp/x", "-retry-join=127.0.0.1:8301")
            .config()
            .cluster();
    assertTrue(k.joins());
    assertEquals(java.util.List.of("127.0.0.1:8301"), k.retryJoin());
    InvalidConfigurationException e =
        assertThrows(
            InvalidConfigurationException.class,
            () -> parse("agent", "-server", "-data-dir=/tmp/x"));
    assertTrue(e.getMessage().contains("-retry-join"), e.getMessage());
  }

  @Test
  void consulOnlyFlagsWarnAndAreIgnored() {
    AgentCommandLine.Parsed p =
        parse(
            "agent",
            "-dev",
            "-ui",
            "-data-dir",
            "/tmp/x",
            "-bind=1.2.3.4",
            "-http-port",
            "0",
            "-log-level",
            "debug",
            "--rejoin",
            "-retry-interval=30s");
    assertEquals(4, p.warnings().size(), p.warnings().toString());
    assertEquals(
        "warning: ignoring -ui (a consul agent flag for a feature this server does not have)",
        p.warnings().get(0));
    assertTrue(p.warnings().get(1).contains("-log-level debug"), p.warnings().get(1));
    assertTrue(p.warnings().get(2).contains("-rejoin"), p.warnings().get(2));
    assertTrue(p.warnings().get(3).contains("-retry-interval 30s"), p.warnings().get(3));
    assertEquals(Path.of("/tmp/x"), p.config().dataDir());
    assertEquals(0, p.config().httpPort());
    assertTrue(
        parse("agent", "-dev", "-ui=false")
            .warnings()
            .get(0)
            .startsWith("warning: ignoring -ui ("));
    assertThrows(UsageException.class, () -> parse("agent", "-dev", "-ui=maybe"));
  }

  @Test
  void unknownFlagIsAUsageErrorNamingIt() {
    UsageException e =
        assertThrows(UsageException.class, () -> parse("agent", "-dev", "-http-prot", "9000"));
    assertTrue(e.getMessage().contains("-http-prot"), e.getMessage());
    assertTrue(e.usage().contains("-http-port"), "the usage lists the real flags: " + e.usage());
    // no POSIX clustering: "-htp-port" is not "-h" (help) followed by "tp-port"
    e = assertThrows(UsageException.class, () -> parse("agent", "-dev", "-htp-port", "9000"));
    assertTrue(e.getMessage().contains("-htp-port"), e.getMessage());
    // "@file" is a value, not a file of arguments to expand
    assertEquals("@lo", parse("agent", "-dev", "-client", "@lo").config().bindAddress());
    e = assertThrows(UsageException.class, () -> parse("agent", "-dev", "stray"));
    assertTrue(e.getMessage().contains("stray"), e.getMessage());
  }

  @Test
  void repeatedFlagKeepsItsLastValueAsInGo() {
    assertEquals(
        8602, parse("agent", "-dev", "-http-port", "8601", "-http-port=8602").config().httpPort());
    assertFalse(parse("agent", "-data-dir", "/tmp/x", "-dev", "-dev=false").config().dev());
    assertTrue(parse("agent", "-dev=T").config().dev());
    assertTrue(parse("agent", "-dev=1").config().dev());
  }

  @Test
  void badValuesNameTheFlagAndValue() {
    assertUsageError("-http-port", "abc", () -> parse("agent", "-dev", "-http-port", "abc"));
    assertUsageError("-http-port", "70000", () -> parse("agent", "-dev", "-http-port=70000"));
    assertUsageError("-http-port", "70000", () -> parse("agent", "-dev", "--http-port=70000"));
    assertUsageError(
        "-default-intention-policy",
        "maybe",
        () -> parse("agent", "-dev", "-default-intention-policy", "maybe"));
    assertUsageError(
        "-leaf-cert-ttl", "soon", () -> parse("agent", "-dev", "-leaf-cert-ttl", "soon"));
    assertUsageError("-dev", "perhaps", () -> parse("agent", "-dev=perhaps"));
    // values the configuration rejects as a whole: invalid configuration (exit 1), naming the flag
    assertConfigError(
        "-leaf-cert-ttl", "500ms", () -> parse("agent", "-dev", "-leaf-cert-ttl", "500ms"));
    assertConfigError("-datacenter", "dc 1", () -> parse("agent", "-dev", "-datacenter", "dc 1"));
    UsageException missing =
        assertThrows(UsageException.class, () -> parse("agent", "-dev", "-http-port"));
    assertTrue(missing.getMessage().contains("-http-port"), missing.getMessage());
    UsageException other = assertThrows(UsageException.class, () -> parse("server", "-dev"));
    assertTrue(other.getMessage().contains("server"), other.getMessage());
    assertThrows(UsageException.class, () -> parse());
    UsageException noDev = assertThrows(UsageException.class, () -> parse("agent"));
    assertTrue(noDev.getMessage().contains("-dev"), noDev.getMessage());
  }

  @Test
  void shortLeafTtlsOutsideDevModeNeedTheExplicitFlag() {
    assertConfigError(
        "-leaf-cert-ttl",
        "15s",
        () -> parse("agent", "-data-dir", "/tmp/x", "-leaf-cert-ttl", "15s"));
    ServerConfig c =
        parse("agent", "-data-dir", "/tmp/x", "-leaf-cert-ttl", "15s", "-allow-short-leaf-cert-ttl")
            .config();
    assertEquals(Duration.ofSeconds(15), c.leafCertTtl());
    assertTrue(c.shortLeafCertTtlAllowed());
    assertFalse(parse("agent", "-data-dir", "/tmp/x").config().shortLeafCertTtlAllowed());
    // still at least 1 s, as in dev mode
    assertConfigError(
        "-leaf-cert-ttl",
        "500ms",
        () ->
            parse(
                "agent",
                "-data-dir",
                "/tmp/x",
                "-allow-short-leaf-cert-ttl",
                "-leaf-cert-ttl",
                "500ms"));
  }

  @Test
  void help() {
    for (String h : new String[] {"-h", "-help", "--help"}) {
      AgentCommandLine.Parsed p = parse("agent", "-dev", h);
      assertTrue(p.help(), h);
      assertNull(p.config());
      for (String flag :
          new String[] {
            "-dev",
            "-data-dir",
            "-config-file",
            "-config-dir",
            "-client",
            "-http-port",
            "-bind",
            "-datacenter",
            "-node",
            "-default-intention-policy",
            "-leaf-cert-ttl",
            "-allow-short-leaf-cert-ttl",
            "-server",
            "-bootstrap-expect",
            "-retry-join",
            "-server-port",
            "-raft-election-timeout"
          }) {
        assertTrue(
            p.helpText().contains(flag + " ") || p.helpText().contains(flag + "="),
            flag + " missing from\n" + p.helpText());
      }
      assertFalse(
          p.helpText().contains("-retry-interval"),
          "ignored Consul flags are hidden:\n" + p.helpText());
    }
    assertEquals(AgentCommandLine.agentUsage(), parse("help", "agent").helpText());
    for (String h : new String[] {"-h", "--help", "help"}) {
      AgentCommandLine.Parsed p = parse(h);
      assertTrue(p.help(), h);
      assertTrue(p.helpText().contains("agent"), p.helpText());
    }
    assertFalse(parse("agent", "-dev").help());
  }

  @Test
  void configFilesAndDirsApplyInCommandLineOrder(@TempDir Path dir) throws Exception {
    Path d = Files.createDirectory(dir.resolve("d"));
    Files.writeString(d.resolve("a.json"), "{\"node_name\": \"from-dir\"}");
    Path f = dir.resolve("f.json");
    Files.writeString(f, "{\"node_name\": \"from-file\"}");
    assertEquals(
        "from-file",
        parse("agent", "-dev", "-config-dir", d.toString(), "-config-file", f.toString())
            .config()
            .nodeName());
    assertEquals(
        "from-dir",
        parse("agent", "-dev", "-config-file", f.toString(), "-config-dir=" + d)
            .config()
            .nodeName());
    assertEquals(
        "flag",
        parse("agent", "-dev", "-node", "flag", "-config-file", f.toString()).config().nodeName(),
        "flags win over files wherever they stand");
  }

  private static void assertUsageError(String flag, String value, Executable parse) {
    UsageException e = assertThrows(UsageException.class, parse);
    assertTrue(e.getMessage().contains("'" + flag + "'"), e.getMessage());
    assertTrue(e.getMessage().contains(value), e.getMessage());
  }

  private static void assertConfigError(String flag, String value, Executable parse) {
    InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class, parse);
    assertTrue(e.getMessage().contains(flag), e.getMessage());
    assertTrue(e.getMessage().contains(value), e.getMessage());
  }

  @Test
  void aclBlockFromConfigFile(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("acl.json");
    // tag::acl-config[]
    Files.writeString(
        f,
        """
        {"acl": {"enabled": true, "default_policy": "deny", "tokens": {"initial_management": "root-secret"}}}""");
    ServerConfig c = parse("agent", "-dev", "-config-file", f.toString()).config();
    // end::acl-config[]
    assertTrue(c.aclEnabled());
    assertEquals(DefaultIntentionPolicy.DENY, c.aclDefaultPolicy());
    assertEquals("root-secret", c.aclInitialManagement());
    assertFalse(parse("agent", "-dev").config().aclEnabled());
    Files.writeString(f, "{\"acl\": {\"enabled\": \"yes\"}}");
    assertThrows(
        InvalidConfigurationException.class,
        () -> parse("agent", "-dev", "-config-file", f.toString()));
  }

  @Test
  void hclAndJsonConfigFilesSetTheSameKeys(@TempDir Path dir) throws Exception {
    Path hcl = dir.resolve("agent.hcl");
    Files.writeString(
        hcl,
        """
        # Consul agent configuration in HCL
        node_name  = "hcl-node"
        datacenter = "east"
        ports {
          http = 8601
        }
        connect {
          enabled = true
          ca_config {
            leaf_cert_ttl      = "36h"
            csr_max_per_second = 250
            private_key_type   = "rsa"
            private_key_bits   = 4096
          }
        }
        enable_script_checks = true
        acl {
          enabled        = true
          default_policy = "deny"
          tokens {
            initial_management = "root-secret"
          }
        }
        """);
    Path json = dir.resolve("agent.json");
    Files.writeString(
        json,
        """
        {"node_name": "hcl-node", "datacenter": "east", "ports": {"http": 8601},
         "connect": {"enabled": true, "ca_config": {"leaf_cert_ttl": "36h", "csr_max_per_second": 250,
           "private_key_type": "rsa", "private_key_bits": 4096}},
         "enable_script_checks": true,
         "acl": {"enabled": true, "default_policy": "deny", "tokens": {"initial_management": "root-secret"}}}""");
    for (Path f : new Path[] {hcl, json}) {
      ServerConfig c = parse("agent", "-dev", "-config-file", f.toString()).config();
      assertEquals("hcl-node", c.nodeName(), f.toString());
      assertEquals("east", c.datacenter());
      assertEquals(8601, c.httpPort());
      assertEquals(Duration.ofHours(36), c.leafCertTtl());
      assertEquals(250.0, c.csrMaxPerSecond());
      assertEquals("rsa", c.caKeyType());
      assertEquals(4096, c.caKeyBits());
      assertTrue(c.enableScriptChecks());
      assertTrue(c.aclEnabled());
      assertEquals(DefaultIntentionPolicy.DENY, c.aclDefaultPolicy());
      assertEquals("root-secret", c.aclInitialManagement());
    }
    // the launcher flags, Go booleans
    ServerConfig flags =
        parse("agent", "-dev", "-enable-script-checks", "-enable-local-script-checks=false")
            .config();
    assertTrue(flags.enableScriptChecks());
    assertFalse(flags.enableLocalScriptChecks());
    assertTrue(
        parse("agent", "-dev", "-enable-local-script-checks").config().enableLocalScriptChecks());
    assertFalse(parse("agent", "-dev").config().enableScriptChecks());
    // a flag after the file wins
    assertEquals(
        8700,
        parse("agent", "-dev", "-config-file", hcl.toString(), "-http-port", "8700")
            .config()
            .httpPort());
  }

  @Test
  void configDirReadsHclAndJsonInLexicalOrder(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("10-base.hcl"), "node_name = \"first\"\nports = { http = 8610 }\n");
    Files.writeString(dir.resolve("20-override.json"), "{\"node_name\": \"second\"}");
    Files.writeString(dir.resolve("notes.txt"), "not configuration");
    ServerConfig c = parse("agent", "-dev", "-config-dir", dir.toString()).config();
    assertEquals("second", c.nodeName(), "the later file wins");
    assertEquals(8610, c.httpPort(), "a map attribute reads like a block");
  }

  @Test
  void badHclNamesTheFileOrKey(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("bad.hcl");
    Files.writeString(f, "ports {\n  http = \"eighty\"\n}\n");
    InvalidConfigurationException e =
        assertThrows(
            InvalidConfigurationException.class,
            () -> parse("agent", "-dev", "-config-file", f.toString()));
    assertTrue(
        e.getMessage().contains("ports.http") && e.getMessage().contains(f.toString()),
        e.getMessage());
    Files.writeString(f, "ports { http = 1.5 }\n");
    e =
        assertThrows(
            InvalidConfigurationException.class,
            () -> parse("agent", "-dev", "-config-file", f.toString()));
    assertTrue(e.getMessage().contains("ports.http"), e.getMessage());
    Files.writeString(f, "connect {\n  ca_config {\n    leaf_cert_ttl = \"soon\"\n  }\n}\n");
    e =
        assertThrows(
            InvalidConfigurationException.class,
            () -> parse("agent", "-dev", "-config-file", f.toString()));
    assertTrue(e.getMessage().contains("connect.ca_config.leaf_cert_ttl"), e.getMessage());
    Files.writeString(
        f,
        "connect {\n  ca_config {\n    private_key_type = \"rsa\"\n    private_key_bits = 1024\n  }\n}\n");
    e =
        assertThrows(
            InvalidConfigurationException.class,
            () -> parse("agent", "-dev", "-config-file", f.toString()));
    assertTrue(e.getMessage().contains("rsa with 1024 bits"), e.getMessage());
    // Terraform's http data source: its HTTP library is excluded, so a config file never fetches
    // anything
    Files.writeString(
        f,
        "data \"http\" \"x\" {\n  url = \"http://127.0.0.1:1/\"\n}\nnode_name = data.http.x.body\n");
    e =
        assertThrows(
            InvalidConfigurationException.class,
            () -> parse("agent", "-dev", "-config-file", f.toString()));
    assertTrue(
        e.getMessage().contains(f.toString())
            && e.getMessage().contains("unsupported function or lookup"),
        e.getMessage());
    Files.writeString(f, "node_name = \"unterminated\nports {\n");
    e =
        assertThrows(
            InvalidConfigurationException.class,
            () -> parse("agent", "-dev", "-config-file", f.toString()));
    assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
  }
}
