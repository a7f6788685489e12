package io.nativemesh.server.internal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nativemesh.core.InvalidConfigurationException;
import io.nativemesh.server.DefaultIntentionPolicy;
import io.nativemesh.server.ServerConfig;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

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
    ServerConfig a = parse("agent", "-dev", "-http-port", "8600", "-default-intention-policy", "deny", "-leaf-cert-ttl", "30s",
        "-node", "box", "-datacenter", "east", "-client", "0.0.0.0").config();
    ServerConfig b = parse("agent", "--dev", "-http-port=8600", "-default-intention-policy=deny", "--leaf-cert-ttl=30s",
        "-node=box", "-datacenter=east", "-client=0.0.0.0").config();
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
  void unknownFlagsWarnAndAreIgnored() {
    AgentCommandLine.Parsed p = parse("agent", "-dev", "-ui", "-data-dir", "/tmp/x", "-bind=1.2.3.4", "-http-port", "0");
    assertEquals(1, p.warnings().size(), p.warnings().toString());
    assertTrue(p.warnings().get(0).contains("-ui"));
    assertEquals(java.nio.file.Path.of("/tmp/x"), p.config().dataDir());
    assertEquals(0, p.config().httpPort());
  }

  @Test
  void badValuesNameTheFlagAndValue() {
    assertError("-http-port", "abc", parse -> parse("agent", "-dev", "-http-port", "abc"));
    assertError("-http-port", "70000", parse -> parse("agent", "-dev", "-http-port=70000"));
    assertError("-default-intention-policy", "maybe", parse -> parse("agent", "-dev", "-default-intention-policy", "maybe"));
    assertError("-leaf-cert-ttl", "soon", parse -> parse("agent", "-dev", "-leaf-cert-ttl", "soon"));
    assertError("-leaf-cert-ttl", "500ms", parse -> parse("agent", "-dev", "-leaf-cert-ttl", "500ms"));
    assertError("-datacenter", "dc 1", parse -> parse("agent", "-dev", "-datacenter", "dc 1"));
    assertError("-dev", "perhaps", parse -> parse("agent", "-dev=perhaps"));
    InvalidConfigurationException missing = assertThrows(InvalidConfigurationException.class,
        () -> parse("agent", "-dev", "-http-port"));
    assertTrue(missing.getMessage().contains("-http-port"));
    assertThrows(InvalidConfigurationException.class, () -> parse("server", "-dev"));
    assertThrows(InvalidConfigurationException.class, () -> parse());
    InvalidConfigurationException noDev = assertThrows(InvalidConfigurationException.class, () -> parse("agent"));
    assertTrue(noDev.getMessage().contains("-dev"));
  }

  @Test
  void help() {
    AgentCommandLine.Parsed p = parse("agent", "-h");
    assertTrue(p.help());
    assertNull(p.config());
    assertFalse(parse("agent", "-dev").help());
  }

  private interface Parse {
    AgentCommandLine.Parsed run(Object unused);
  }

  private static void assertError(String flag, String value, Parse parse) {
    InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class, () -> parse.run(null));
    assertTrue(e.getMessage().contains(flag), e.getMessage());
    assertTrue(e.getMessage().contains(value), e.getMessage());
  }

  @Test
  void aclBlockFromConfigFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path f = dir.resolve("acl.json");
    java.nio.file.Files.writeString(f, """
        {"acl": {"enabled": true, "default_policy": "deny", "tokens": {"initial_management": "root-secret"}}}""");
    ServerConfig c = parse("agent", "-dev", "-config-file", f.toString()).config();
    assertTrue(c.aclEnabled());
    assertEquals(DefaultIntentionPolicy.DENY, c.aclDefaultPolicy());
    assertEquals("root-secret", c.aclInitialManagement());
    assertFalse(parse("agent", "-dev").config().aclEnabled());
    java.nio.file.Files.writeString(f, "{\"acl\": {\"enabled\": \"yes\"}}");
    assertThrows(InvalidConfigurationException.class, () -> parse("agent", "-dev", "-config-file", f.toString()));
  }

  @Test
  void hclAndJsonConfigFilesSetTheSameKeys(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path hcl = dir.resolve("agent.hcl");
    java.nio.file.Files.writeString(hcl, """
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
          }
        }
        acl {
          enabled        = true
          default_policy = "deny"
          tokens {
            initial_management = "root-secret"
          }
        }
        """);
    java.nio.file.Path json = dir.resolve("agent.json");
    java.nio.file.Files.writeString(json, """
        {"node_name": "hcl-node", "datacenter": "east", "ports": {"http": 8601},
         "connect": {"enabled": true, "ca_config": {"leaf_cert_ttl": "36h", "csr_max_per_second": 250}},
         "acl": {"enabled": true, "default_policy": "deny", "tokens": {"initial_management": "root-secret"}}}""");
    for (java.nio.file.Path f : new java.nio.file.Path[] {hcl, json}) {
      ServerConfig c = parse("agent", "-dev", "-config-file", f.toString()).config();
      assertEquals("hcl-node", c.nodeName(), f.toString());
      assertEquals("east", c.datacenter());
      assertEquals(8601, c.httpPort());
      assertEquals(Duration.ofHours(36), c.leafCertTtl());
      assertEquals(250.0, c.csrMaxPerSecond());
      assertTrue(c.aclEnabled());
      assertEquals(DefaultIntentionPolicy.DENY, c.aclDefaultPolicy());
      assertEquals("root-secret", c.aclInitialManagement());
    }
    // a flag after the file wins
    assertEquals(8700, parse("agent", "-dev", "-config-file", hcl.toString(), "-http-port", "8700").config().httpPort());
  }

  @Test
  void configDirReadsHclAndJsonInLexicalOrder(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Files.writeString(dir.resolve("10-base.hcl"), "node_name = \"first\"\nports = { http = 8610 }\n");
    java.nio.file.Files.writeString(dir.resolve("20-override.json"), "{\"node_name\": \"second\"}");
    java.nio.file.Files.writeString(dir.resolve("notes.txt"), "not configuration");
    ServerConfig c = parse("agent", "-dev", "-config-dir", dir.toString()).config();
    assertEquals("second", c.nodeName(), "the later file wins");
    assertEquals(8610, c.httpPort(), "a map attribute reads like a block");
  }

  @Test
  void badHclNamesTheFileOrKey(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path f = dir.resolve("bad.hcl");
    java.nio.file.Files.writeString(f, "ports {\n  http = \"eighty\"\n}\n");
    InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
        () -> parse("agent", "-dev", "-config-file", f.toString()));
    assertTrue(e.getMessage().contains("ports.http") && e.getMessage().contains(f.toString()), e.getMessage());
    java.nio.file.Files.writeString(f, "ports { http = 1.5 }\n");
    e = assertThrows(InvalidConfigurationException.class, () -> parse("agent", "-dev", "-config-file", f.toString()));
    assertTrue(e.getMessage().contains("ports.http"), e.getMessage());
    java.nio.file.Files.writeString(f, "connect {\n  ca_config {\n    leaf_cert_ttl = \"soon\"\n  }\n}\n");
    e = assertThrows(InvalidConfigurationException.class, () -> parse("agent", "-dev", "-config-file", f.toString()));
    assertTrue(e.getMessage().contains("connect.ca_config.leaf_cert_ttl"), e.getMessage());
    // Terraform's http data source: its HTTP library is excluded, so a config file never fetches anything
    java.nio.file.Files.writeString(f, "data \"http\" \"x\" {\n  url = \"http://127.0.0.1:1/\"\n}\nnode_name = data.http.x.body\n");
    e = assertThrows(InvalidConfigurationException.class, () -> parse("agent", "-dev", "-config-file", f.toString()));
    assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("unsupported function or lookup"), e.getMessage());
    java.nio.file.Files.writeString(f, "node_name = \"unterminated\nports {\n");
    e = assertThrows(InvalidConfigurationException.class, () -> parse("agent", "-dev", "-config-file", f.toString()));
    assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
  }
}
