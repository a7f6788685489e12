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
package io.nativemesh.cli.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a command found, step by step: each step passes, fails (a problem), warns, or informs, with
 * a reason and structured details. Rendered for a person ({@code ✓ ✗ ! ·} and the reason, details
 * indented) or as JSON ({@code -format=json}); a failed step makes the exit status 1. Not
 * thread-safe.
 */
public final class Report {
  /** The outcome of a step. */
  public enum Status {
    PASS("✓"),
    FAIL("✗"),
    WARN("!"),
    INFO("·");

    final String mark;

    Status(String mark) {
      this.mark = mark;
    }
  }

  /**
   * One step.
   *
   * @param check what was checked, e.g. {@code "intention"}
   * @param status the outcome
   * @param message the reason, one line
   * @param details structured facts (serial, expiry, ...), in insertion order
   */
  public record Step(String check, Status status, String message, Map<String, Object> details) {}

  private final String command;
  private final List<Step> steps = new ArrayList<>();

  /**
   * @param command the command line summary, e.g. {@code "troubleshoot upstream web api"}
   */
  public Report(String command) {
    this.command = command;
  }

  /**
   * Adds a step.
   *
   * @param check what was checked
   * @param status outcome
   * @param message reason
   * @param details key, value pairs (values: strings, numbers, lists, maps)
   * @return the step's details map, to add more
   */
  public Map<String, Object> add(String check, Status status, String message, Object... details) {
    Map<String, Object> d = new LinkedHashMap<>();
    for (int i = 0; i + 1 < details.length; i += 2) {
      if (details[i + 1] != null) {
        d.put(String.valueOf(details[i]), details[i + 1]);
      }
    }
    steps.add(new Step(check, status, message, d));
    return d;
  }

  /**
   * @return the steps so far
   */
  public List<Step> steps() {
    return List.copyOf(steps);
  }

  /**
   * @return true if a step failed
   */
  public boolean problemFound() {
    return steps.stream().anyMatch(s -> s.status() == Status.FAIL);
  }

  /**
   * @param check a check name
   * @return the first step of that name, or null
   */
  public Step step(String check) {
    return steps.stream().filter(s -> s.check().equals(check)).findFirst().orElse(null);
  }

  /**
   * Prints the report.
   *
   * @param out where to
   * @param json JSON instead of text
   */
  public void print(PrintWriter out, boolean json) {
    if (json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("command", command);
      m.put("problemFound", problemFound());
      List<Map<String, Object>> list = new ArrayList<>();
      for (Step s : steps) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("check", s.check());
        o.put("status", s.status().name().toLowerCase(Locale.ROOT));
        o.put("message", s.message());
        o.put("details", s.details());
        list.add(o);
      }
      m.put("steps", list);
      try {
        out.println(
            new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .writerWithDefaultPrettyPrinter()
                .writeValueAsString(m));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    } else {
      out.println(command);
      for (Step s : steps) {
        out.println(s.status().mark + " " + s.check() + ": " + s.message());
        s.details().forEach((k, v) -> printDetail(out, "    ", k, v));
      }
      out.println(
          problemFound()
              ? "problem found: "
                  + steps.stream().filter(s -> s.status() == Status.FAIL).count()
                  + " check(s) failed"
              : "no problem found");
    }
    out.flush();
  }

  private static void printDetail(PrintWriter out, String indent, String k, Object v) {
    if (v instanceof Map<?, ?> m) {
      out.println(indent + k + ":");
      m.forEach((k2, v2) -> printDetail(out, indent + "  ", String.valueOf(k2), v2));
    } else if (v instanceof List<?> l) {
      out.println(indent + k + ":");
      for (Object o : l) {
        if (o instanceof Map<?, ?> m) {
          String first = "- ";
          for (Map.Entry<?, ?> e : m.entrySet()) {
            printDetail(out, indent + "  " + first, String.valueOf(e.getKey()), e.getValue());
            first = "  ";
          }
        } else {
          out.println(indent + "  - " + o);
        }
      }
    } else {
      out.println(indent + k + ": " + v);
    }
  }
}
