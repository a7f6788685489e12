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
import okhttp3.Request;
import okhttp3.Response;

/**
 * A mesh caller with a valid certificate for service {@code intruder} but no intention: its calls
 * to {@code greeting} are refused in the TLS handshake, and the error says which intention (or the
 * default policy) decided.
 */
public final class IntruderClient {
  private IntruderClient() {}

  /**
   * Calls {@code http://greeting/} once as {@code intruder}.
   *
   * @param consul the agent
   * @return the refusal message (or the unexpected answer)
   */
  public static String tryGreeting(ConsulClient consul) {
    try (MeshService mesh = MeshService.builder("intruder").consul(consul).build()) {
      mesh.awaitReady(Duration.ofSeconds(30));
      try (Response r =
          mesh.httpClient()
              .newCall(new Request.Builder().url("http://greeting/").build())
              .execute()) {
        return "UNEXPECTED: intruder got an answer: " + r.code() + " " + r.body().string();
      } catch (IOException e) {
        return "refused: " + e.getMessage();
      }
    }
  }

  /**
   * @param args none
   */
  public static void main(String[] args) {
    // closed, so that the agent client's HTTP threads do not keep the JVM alive after the answer
    try (ConsulClient consul = ConsulClient.fromEnvironment()) {
      System.out.println("[intruder] " + tryGreeting(consul));
    }
  }
}
