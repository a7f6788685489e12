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
package io.nativemesh.samples.greeter;

import io.nativemesh.MeshService;
import io.nativemesh.consul.ConsulClient;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A Connect-native HTTPS service that answers each authorized mesh caller with a random word from
 * its list and its instance name: {@code Hello (greeting-1)}. The {@code greeting} and {@code name}
 * services of the demo are two of these.
 */
public final class WordService implements AutoCloseable {
  /** The words of the demo's {@code greeting} service. */
  public static final List<String> GREETINGS =
      List.of("Hello", "Hi", "Howdy", "Hey", "Greetings", "Salut", "Hola", "Ciao");

  /** The words of the demo's {@code name} service. */
  public static final List<String> NAMES =
      List.of("Jackson", "Olivia", "Liam", "Emma", "Noah", "Ava", "Mia", "Lucas");

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
  public WordService(
      ConsulClient consul, String service, String instance, int port, List<String> words)
      throws IOException {
    mesh = Sample.mesh(service, instance, consul);
    mesh.awaitReady(Duration.ofSeconds(30));
    server =
        new MeshHttpsServer(
            mesh,
            "127.0.0.1",
            port,
            (peer, ex) -> {
              String w = words.get(ThreadLocalRandom.current().nextInt(words.size()));
              return w + " (" + instance + ")";
            });
    mesh.register(instance, "127.0.0.1", server.port());
  }

  /**
   * @return the mesh service
   */
  public MeshService mesh() {
    return mesh;
  }

  @Override
  public void close() {
    mesh.close();
    server.close();
  }

  /** The command line: {@code -service greeting|name -instance greeting-1 -port 0}. */
  @Command(
      name = "WordService",
      description = "A Connect-native HTTPS service answering with a random word.")
  static final class Main implements Callable<Integer> {
    @Option(
        names = "-service",
        defaultValue = "greeting",
        description =
            "greeting or name: the service, and which words it answers with (default: ${DEFAULT-VALUE})")
    String service;

    @Option(names = "-instance", description = "instance ID (default: <service>-1)")
    String instance;

    @Option(
        names = "-port",
        defaultValue = "0",
        description = "listening port on 127.0.0.1, 0 for any (default: ${DEFAULT-VALUE})")
    int port;

    @Option(
        names = {"-h", "-help"},
        usageHelp = true,
        description = "show this help and exit")
    boolean help;

    String instanceOrDefault() {
      return instance != null ? instance : service + "-1";
    }

    @Override
    public Integer call() throws Exception {
      List<String> words = service.equals("name") ? NAMES : GREETINGS;
      WordService s =
          new WordService(
              ConsulClient.fromEnvironment(), service, instanceOrDefault(), port, words);
      System.out.printf(
          "[%s] serving mTLS on 127.0.0.1:%d%n", instanceOrDefault(), s.server.port());
      Runtime.getRuntime().addShutdownHook(new Thread(s::close));
      Thread.currentThread().join();
      return 0;
    }
  }

  /**
   * {@code java -cp nativemesh-demo.jar io.nativemesh.samples.greeter.WordService -service greeting
   * -instance greeting-1}.
   *
   * @param args {@code -service greeting|name}, {@code -instance}, {@code -port}; {@code -help}
   *     lists them
   */
  public static void main(String[] args) {
    System.exit(Sample.execute(new Main(), args));
  }
}
