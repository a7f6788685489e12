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

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Recursive-descent parser for {@link Filter} (go-bexpr's grammar, hand-written for the reasons
 * given there); errors are {@link IllegalArgumentException}s. Not thread-safe.
 */
final class FilterParser {
  /**
   * Deepest nesting of parentheses and {@code not} accepted: deeper input is refused before the
   * recursion could exhaust the stack (a 3,000-deep filter once dropped the connection).
   */
  static final int MAX_DEPTH = 64;

  private final List<String> tokens;
  private int depth;
  private final List<Boolean> quoted = new ArrayList<>();
  private int pos;

  FilterParser(String input) {
    this.tokens = tokenize(input);
  }

  Filter.Expr parseAll() {
    if (tokens.isEmpty()) {
      throw new IllegalArgumentException("empty expression");
    }
    Filter.Expr e = or();
    if (pos < tokens.size()) {
      throw new IllegalArgumentException(
          "unexpected \"" + tokens.get(pos) + "\" at token " + (pos + 1));
    }
    return e;
  }

  private List<String> tokenize(String s) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '(' || c == ')') {
        out.add(String.valueOf(c));
        quoted.add(false);
        i++;
      } else if (c == '=' || c == '!') {
        if (i + 1 < s.length() && s.charAt(i + 1) == '=') {
          out.add(s.substring(i, i + 2));
          quoted.add(false);
          i += 2;
        } else {
          throw new IllegalArgumentException("unsupported operator at offset " + i);
        }
      } else if (c == '"' || c == '`') {
        StringBuilder b = new StringBuilder();
        int j = i + 1;
        while (j < s.length() && s.charAt(j) != c) {
          if (c == '"' && s.charAt(j) == '\\' && j + 1 < s.length()) {
            j++;
          }
          b.append(s.charAt(j));
          j++;
        }
        if (j >= s.length()) {
          throw new IllegalArgumentException("unterminated string at offset " + i);
        }
        out.add(b.toString());
        quoted.add(true);
        i = j + 1;
      } else if (Character.isLetterOrDigit(c)
          || c == '_'
          || c == '-'
          || c == '.'
          || c == '/'
          || c == ':') {
        int j = i;
        while (j < s.length()
            && (Character.isLetterOrDigit(s.charAt(j)) || "_-./:".indexOf(s.charAt(j)) >= 0)) {
          j++;
        }
        out.add(s.substring(i, j));
        quoted.add(false);
        i = j;
      } else {
        throw new IllegalArgumentException("unsupported character '" + c + "' at offset " + i);
      }
    }
    return out;
  }

  private String peek() {
    return pos < tokens.size() && !quoted.get(pos) ? tokens.get(pos) : null;
  }

  private boolean accept(String word) {
    if (word.equals(peek())) {
      pos++;
      return true;
    }
    return false;
  }

  private void expect(String word) {
    if (!accept(word)) {
      throw new IllegalArgumentException(
          "expected \""
              + word
              + "\""
              + (pos < tokens.size() ? " at \"" + tokens.get(pos) + "\"" : " at end"));
    }
  }

  private Filter.Expr or() {
    Filter.Expr left = and();
    while (accept("or")) {
      Filter.Expr l = left;
      Filter.Expr r = and();
      left = row -> l.eval(row) || r.eval(row);
    }
    return left;
  }

  private Filter.Expr and() {
    Filter.Expr left = unary();
    while (accept("and")) {
      Filter.Expr l = left;
      Filter.Expr r = unary();
      left = row -> l.eval(row) && r.eval(row);
    }
    return left;
  }

  private Filter.Expr unary() {
    if (accept("not")) {
      enter();
      Filter.Expr e = unary();
      depth--;
      return row -> !e.eval(row);
    }
    if (accept("(")) {
      enter();
      Filter.Expr e = or();
      expect(")");
      depth--;
      return e;
    }
    return match();
  }

  private void enter() {
    if (++depth > MAX_DEPTH) {
      throw new IllegalArgumentException(
          "expression nested deeper than " + MAX_DEPTH + " levels (parentheses and 'not')");
    }
  }

  private String next(String what) {
    if (pos >= tokens.size()) {
      throw new IllegalArgumentException("expected " + what + " at end of expression");
    }
    return tokens.get(pos++);
  }

  private boolean isSelector(int i) {
    return i < tokens.size()
        && !quoted.get(i)
        && tokens.get(i).matches("[A-Za-z_][A-Za-z0-9_-]*(\\.[A-Za-z0-9_-]+)*");
  }

  private Filter.Expr match() {
    // <value> [not] in <selector>
    int save = pos;
    if (pos + 1 < tokens.size()) {
      boolean valueQuoted = quoted.get(pos);
      String value = tokens.get(pos);
      if (!valueQuoted && (value.equals("(") || value.equals(")"))) {
        throw new IllegalArgumentException("unexpected \"" + value + "\"");
      }
      pos++;
      boolean negate = accept("not");
      if (accept("in")) {
        String[] path = selector();
        return row -> negate != contains(select(row, path), value);
      }
      pos = save;
    }
    String[] path = selector();
    if (accept("==")) {
      String v = next("a value");
      return row -> anyEquals(select(row, path), v);
    }
    if (accept("!=")) {
      String v = next("a value");
      return row -> !anyEquals(select(row, path), v);
    }
    if (accept("is")) {
      boolean negate = accept("not");
      expect("empty");
      return row -> negate != isEmpty(select(row, path));
    }
    boolean negate = accept("not");
    if (accept("contains")) {
      String v = next("a value");
      return row -> negate != contains(select(row, path), v);
    }
    if (accept("matches")) {
      String v = next("a regular expression");
      Pattern p;
      try {
        p = Pattern.compile(v);
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException(
            "invalid regular expression \"" + v + "\": " + e.getDescription());
      }
      return row ->
          negate
              != select(row, path).stream()
                  .anyMatch(n -> n.isValueNode() && BoundedText.find(p, v, n.asText()));
    }
    throw new IllegalArgumentException(
        "expected a match operator (==, !=, in, contains, is empty, matches) after selector \""
            + String.join(".", path)
            + "\""
            + (pos < tokens.size() ? " at \"" + tokens.get(pos) + "\"" : ""));
  }

  private String[] selector() {
    if (!isSelector(pos)) {
      throw new IllegalArgumentException(
          "expected a selector"
              + (pos < tokens.size() ? " at \"" + tokens.get(pos) + "\"" : " at end"));
    }
    return tokens.get(pos++).split("\\.");
  }

  /** Follows the path, fanning out over arrays met on the way. */
  static List<JsonNode> select(JsonNode row, String[] path) {
    List<JsonNode> cur = List.of(row);
    for (String p : path) {
      List<JsonNode> next = new ArrayList<>();
      for (JsonNode n : cur) {
        if (n.isArray()) {
          for (JsonNode e : n) {
            JsonNode v = e.get(p);
            if (v != null && !v.isNull()) {
              next.add(v);
            }
          }
        } else if (n.isObject()) {
          JsonNode v = n.get(p);
          if (v != null && !v.isNull()) {
            next.add(v);
          }
        }
      }
      cur = next;
    }
    return cur;
  }

  private static boolean anyEquals(List<JsonNode> values, String v) {
    for (JsonNode n : values) {
      if (n.isValueNode() && n.asText().equals(v)) {
        return true;
      }
    }
    return false;
  }

  private static boolean contains(List<JsonNode> values, String v) {
    for (JsonNode n : values) {
      if (n.isArray()) {
        for (JsonNode e : n) {
          if (e.isValueNode() && e.asText().equals(v)) {
            return true;
          }
        }
      } else if (n.isObject()) {
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
          if (it.next().getKey().equals(v)) {
            return true;
          }
        }
      } else if (n.isTextual() && values.size() == 1
          ? n.asText().contains(v)
          : n.isValueNode() && n.asText().equals(v)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isEmpty(List<JsonNode> values) {
    for (JsonNode n : values) {
      if (n.isContainerNode() ? n.size() > 0 : !n.asText().isEmpty()) {
        return false;
      }
    }
    return true;
  }
}
