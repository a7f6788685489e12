package io.nativemesh.samples.greeter;

import io.nativemesh.MeshService;
import io.nativemesh.consul.ConsulClient;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A Connect-native HTTPS service that answers each authorized mesh caller with a random word from
 * its list and its instance name: {@code Hello (greeting-1)}. The {@code greeting} and {@code name}
 * services of the demo are two of these.
 */
public final class WordService implements AutoCloseable {
  /** The words of the demo's {@code greeting} service. */
  public static final List<String> GREETINGS = List.of("Hello", "Hi", "Howdy", "Hey", "Greetings", "Salut", "Hola", "Ciao");
  /** The words of the demo's {@code name} service. */
  public static final List<String> NAMES = List.of("Jackson", "Olivia", "Liam", "Emma", "Noah", "Ava", "Mia", "Lucas");

  private final MeshService mesh;
  private final MeshHttpsServer server;

  /**
   * Starts the service and registers it.
   *
   * @param consul the agent
   * @param service {@code greeting} or {@code name}
   * @param instance instance ID, e.g. {@code greeting-1}
   * @param port listening port on 127.0.0.1, 0 for any
   * @param words the words to choose from
   * @throws IOException if the port cannot be bound
   */
  public WordService(ConsulClient consul, String service, String instance, int port, List<String> words) throws IOException {
    mesh = Sample.mesh(service, instance, consul);
    mesh.awaitReady(Duration.ofSeconds(30));
    server = new MeshHttpsServer(mesh, "127.0.0.1", port, (peer, ex) -> {
      String w = words.get(ThreadLocalRandom.current().nextInt(words.size()));
      return w + " (" + instance + ")";
    });
    mesh.register(instance, "127.0.0.1", server.port());
  }

  /** @return the mesh service */
  public MeshService mesh() {
    return mesh;
  }

  @Override
  public void close() {
    mesh.close();
    server.close();
  }

  /**
   * {@code java -cp nativemesh-demo.jar io.nativemesh.samples.greeter.WordService -service greeting -instance greeting-1}.
   *
   * @param args {@code -service greeting|name}, {@code -instance}, {@code -port}
   * @throws Exception on start-up failure
   */
  public static void main(String[] args) throws Exception {
    var f = Sample.flags(args);
    String service = f.getOrDefault("service", "greeting");
    List<String> words = service.equals("name") ? NAMES : GREETINGS;
    ConsulClient consul = ConsulClient.fromEnvironment();
    WordService s = new WordService(consul, service, f.getOrDefault("instance", service + "-1"),
        Integer.parseInt(f.getOrDefault("port", "0")), words);
    System.out.printf("[%s] serving mTLS on 127.0.0.1:%d%n", f.getOrDefault("instance", service + "-1"), s.server.port());
    Runtime.getRuntime().addShutdownHook(new Thread(s::close));
    Thread.currentThread().join();
  }
}
