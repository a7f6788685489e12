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

import com.bertramlabs.plugins.hcl4j.HCLParser;
import com.bertramlabs.plugins.hcl4j.HCLParserException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nativemesh.core.InvalidConfigurationException;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Reads a Consul agent configuration file written in HCL (Consul: {@code -config-file x.hcl},
 * {@code *.hcl} in {@code -config-dir}) into the same JSON tree a {@code .json} file gives, so
 * {@link ConfigFiles} applies one set of rules to both. Parsing is done by hcl4j ({@code
 * com.bertramlabs.plugins:hcl4j}); blocks ({@code ports { http = 8500 }}) and map attributes
 * ({@code ports = { http = 8500 }}) both become objects; whole numbers become JSON integers (hcl4j
 * reads every number as a double), so {@code http = 8500} is an int as it is in JSON. Terraform
 * functions and data lookups whose libraries are excluded fail as invalid configuration. Stateless
 * and thread-safe (a parser per call).
 */
final class HclConfig {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private HclConfig() {}

  /**
   * @param file an HCL file
   * @return its content as a JSON tree (an object at the top)
   * @throws InvalidConfigurationException naming the file when it cannot be read or parsed
   */
  static JsonNode read(Path file) {
    Map<String, Object> parsed;
    try {
      parsed = new HCLParser().parse(Files.readString(file, StandardCharsets.UTF_8));
    } catch (HCLParserException | RuntimeException e) {
      throw new InvalidConfigurationException(
          "cannot parse HCL config file '" + file + "': " + e.getMessage());
    } catch (NoClassDefFoundError e) {
      // a Terraform function or data lookup whose library the BOM excludes: not Consul
      // configuration
      throw new InvalidConfigurationException(
          "HCL config file '"
              + file
              + "' uses an unsupported function or lookup ("
              + e.getMessage()
              + ")");
    } catch (IOException e) {
      throw new InvalidConfigurationException(
          "cannot read config file '" + file + "': " + e.getMessage());
    }
    if (parsed == null) {
      throw new InvalidConfigurationException(
          "cannot parse HCL config file '" + file + "': empty result");
    }
    return toJson(parsed);
  }

  private static JsonNode toJson(Object v) {
    if (v == null) {
      return NODES.nullNode();
    }
    if (v instanceof Map<?, ?> m) {
      ObjectNode o = NODES.objectNode();
      m.forEach((k, x) -> o.set(String.valueOf(k), toJson(x)));
      return o;
    }
    if (v instanceof List<?> l) {
      ArrayNode a = NODES.arrayNode();
      l.forEach(x -> a.add(toJson(x)));
      return a;
    }
    if (v instanceof Boolean b) {
      return NODES.booleanNode(b);
    }
    if (v instanceof Number n) {
      return number(n);
    }
    return NODES.textNode(String.valueOf(v));
  }

  private static JsonNode number(Number n) {
    BigDecimal d = new BigDecimal(n.toString());
    try {
      long whole = d.longValueExact();
      return whole == (int) whole ? NODES.numberNode((int) whole) : NODES.numberNode(whole);
    } catch (ArithmeticException e) {
      return NODES.numberNode(n.doubleValue());
    }
  }
}
