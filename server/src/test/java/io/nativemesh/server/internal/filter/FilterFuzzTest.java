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
package io.nativemesh.server.internal.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nativemesh.server.internal.http.HttpError;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Fuzzes the {@code ?filter=} grammar (issue 18): any input either parses, and then evaluates
 * against a row without throwing, or is a 400 {@link HttpError}; never another exception, a stack
 * overflow or a hang. Inputs are random token soups of the grammar's own words, deep nestings and
 * raw strings. Tries: {@code jqwik.tries.default} (a few hundred in CI, more under {@code
 * -Pbench}).
 */
class FilterFuzzTest {
  private static final JsonNode ROW = row();

  private static JsonNode row() {
    try {
      return new ObjectMapper()
          .readTree(
              "{\"Service\":\"web\",\"Port\":8080,\"Tags\":[\"v1\",\"eu\"],"
                  + "\"Meta\":{\"env\":\"prod\"},\"Connect\":{\"Native\":true},"
                  + "\"Checks\":[{\"Status\":\"passing\"}]}");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void parseAndEvaluate(String input) {
    Filter f;
    try {
      f = Filter.parse(input);
    } catch (HttpError e) {
      assertEquals(400, e.status().code(), input);
      return;
    }
    f.matches(ROW);
  }

  @Property
  void tokenSoupsParseOrAre400(@ForAll("soups") String input) {
    parseAndEvaluate(input);
  }

  @Property
  void arbitraryStringsParseOrAre400(@ForAll String input) {
    parseAndEvaluate(input);
  }

  @Property(tries = 50)
  void deepNestingIsRefusedNotAStackOverflow(
      @ForAll("depths") int depth, @ForAll("openers") String opener) {
    String close = opener.equals("(") ? ")" : "";
    parseAndEvaluate(opener.repeat(depth) + "Service == web" + close.repeat(depth));
  }

  @Provide
  Arbitrary<String> soups() {
    Arbitrary<String> token =
        Arbitraries.oneOf(
            Arbitraries.of(
                "Service",
                "Port",
                "Tags",
                "Meta.env",
                "Meta",
                "Connect.Native",
                "Checks.Status",
                "==",
                "!=",
                "in",
                "not",
                "contains",
                "is",
                "empty",
                "matches",
                "and",
                "or",
                "(",
                ")",
                "\"",
                "\"web\"",
                "`x`",
                "v1",
                "8080",
                "true",
                ".",
                "[",
                "]",
                "\\",
                "\"(.*)+$\""),
            Arbitraries.strings().ofMaxLength(6));
    return token.list().ofMaxSize(40).map(l -> String.join(" ", l));
  }

  @Provide
  Arbitrary<Integer> depths() {
    return Arbitraries.integers().between(1, 20_000);
  }

  @Provide
  Arbitrary<String> openers() {
    return Arbitraries.of(List.of("(", "not ", "not ("));
  }
}
