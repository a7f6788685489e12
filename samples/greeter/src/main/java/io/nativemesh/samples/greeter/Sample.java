package io.nativemesh.samples.greeter;

import io.nativemesh.MeshService;
import io.nativemesh.consul.ConsulClient;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.Map;

/** Shared start-up of the sample services: flags, the mesh service, rotation logging. */
public final class Sample {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

  private Sample() {}

  /**
   * Parses {@code -name value} / {@code -name=value} flags (one or two leading dashes).
   *
   * @param args the command line
   * @return flag name to value
   * @throws IllegalArgumentException if the last flag has no value
   */
  public static Map<String, String> flags(String[] args) {
    Map<String, String> m = new java.util.HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i].replaceFirst("^--?", "");
      int eq = a.indexOf('=');
      if (eq >= 0) {
        m.put(a.substring(0, eq), a.substring(eq + 1));
      } else if (i + 1 < args.length) {
        m.put(a, args[++i]);
      } else {
        throw new IllegalArgumentException("flag -" + a + " needs a value");
      }
    }
    return m;
  }

  /** Builds the mesh service and prints every leaf rotation. */
  static MeshService mesh(String service, String instance, ConsulClient consul) {
    MeshService mesh = MeshService.builder(service).consul(consul).checkTtl(Duration.ofSeconds(5)).build();
    mesh.addStateListener((prev, now) -> {
      if (prev == null || prev.generation() != now.generation()) {
        System.out.printf("[%s] %s certificate %s serial %s expires %s (%s)%n", instance,
            prev == null ? "got" : "rotated", now.identity(), now.serialHex(), TIME.format(now.notAfter()),
            prev == null ? "first leaf" : "was serial " + prev.serialHex());
      }
    });
    return mesh;
  }
}
