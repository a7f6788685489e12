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

import com.sun.net.httpserver.HttpServer;
import io.nativemesh.MeshService;
import io.nativemesh.consul.ConsulClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The demo's edge service: answers plain HTTP on 127.0.0.1 by calling {@code greeting} and {@code
 * name} through the mesh ({@code http://greeting/}, {@code http://name/} over mTLS) and prints
 * {@code From greeter-1: Hello (greeting-1) Jackson (name-1)}.
 */
public final class GreeterService implements AutoCloseable {
  private final MeshService mesh;
  private final HttpServer server;
  private final ExecutorService pool;

  /**
   * @param consul the agent
   * @param instance instance name, e.g. {@code greeter-1}
   * @param port plain HTTP port on 127.0.0.1, 0 for any
   * @throws IOException if the port cannot be bound
   */
  public GreeterService(ConsulClient consul, String instance, int port) throws IOException {
    mesh = Sample.mesh("greeter", instance, consul);
    mesh.awaitReady(Duration.ofSeconds(30));
    OkHttpClient http = mesh.httpClient();
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
    pool = Executors.newFixedThreadPool(8);
    server.setExecutor(pool);
    server.createContext(
        "/",
        MeshHttpsServer.wrap(
            (peer, ex) ->
                "From "
                    + instance
                    + ": "
                    + get(http, "http://greeting/")
                    + " "
                    + get(http, "http://name/")));
    server.start();
  }

  private static String get(OkHttpClient http, String url) throws IOException {
    try (Response r = http.newCall(new Request.Builder().url(url).build()).execute()) {
      if (!r.isSuccessful()) {
        throw new IOException(url + " answered " + r.code() + ": " + r.body().string());
      }
      return r.body().string();
    }
  }

  /**
   * @return the plain HTTP port
   */
  public int port() {
    return server.getAddress().getPort();
  }

  /**
   * @return the mesh service
   */
  public MeshService mesh() {
    return mesh;
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
    mesh.close();
  }

  /** The command line: {@code -instance greeter-1 -port 8080}. */
  @Command(
      name = "GreeterService",
      description =
          "The demo's edge service: plain HTTP on 127.0.0.1, calling greeting and name over the mesh.")
  static final class Main implements Callable<Integer> {
    @Option(
        names = "-instance",
        defaultValue = "greeter-1",
        description = "instance name (default: ${DEFAULT-VALUE})")
    String instance;

    @Option(
        names = "-port",
        defaultValue = "8080",
        description = "plain HTTP port on 127.0.0.1, 0 for any (default: ${DEFAULT-VALUE})")
    int port;

    @Option(
        names = {"-h", "-help"},
        usageHelp = true,
        description = "show this help and exit")
    boolean help;

    @Override
    public Integer call() throws Exception {
      GreeterService g = new GreeterService(ConsulClient.fromEnvironment(), instance, port);
      System.out.printf("[%s] answering HTTP on http://127.0.0.1:%d/%n", instance, g.port());
      Runtime.getRuntime().addShutdownHook(new Thread(g::close));
      Thread.currentThread().join();
      return 0;
    }
  }

  /**
   * @param args {@code -instance greeter-1 -port 8080}; {@code -help} lists them
   */
  public static void main(String[] args) {
    System.exit(Sample.execute(new Main(), args));
  }
}
