package io.nativemesh.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code key=value} command-line options of the benchmark harnesses. */
final class BenchArgs {
  private BenchArgs() {}

  /**
   * @param args the arguments, each {@code key=value}
   * @return the options in argument order (a repeated key keeps its last value)
   * @throws IllegalArgumentException for an argument without {@code =}, naming it
   */
  static Map<String, String> parse(String[] args) {
    Map<String, String> opt = new LinkedHashMap<>();
    for (String a : args) {
      int i = a.indexOf('=');
      if (i < 0) {
        throw new IllegalArgumentException("expected key=value, got " + a);
      }
      opt.put(a.substring(0, i), a.substring(i + 1));
    }
    return opt;
  }
}
