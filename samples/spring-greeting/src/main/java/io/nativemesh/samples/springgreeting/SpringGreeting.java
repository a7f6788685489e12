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
package io.nativemesh.samples.springgreeting;

import io.nativemesh.spring.MeshPeer;
import java.security.Principal;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

/**
 * The greeter mesh's {@code greeting} service on Spring Boot: nothing mesh-specific in the code.
 * The starter serves mutual TLS with the mesh leaf ({@code server.ssl.bundle=nativemesh}),
 * registers the instance, authorizes callers against intentions and routes {@code http://name/}
 * through the mesh. Answers {@code Hello (greeting-spring, asked by greeter; name says Jackson
 * (name-1))}.
 */
// tag::spring-greeting[]
@SpringBootApplication
@RestController
public class SpringGreeting {
  private static final List<String> WORDS = List.of("Hello", "Hi", "Bonjour", "Hola", "Ciao");
  private final RestClient name;
  private final String instance;

  SpringGreeting(
      RestClient.Builder builder,
      @Value("${nativemesh.registration.instance-id:greeting-spring}") String instance) {
    this.name = builder.build();
    this.instance = instance;
  }

  /**
   * @param caller the mesh peer that called (its SPIFFE ID)
   * @return a greeting word, this instance, the caller and what {@code name} answered
   */
  @GetMapping("/")
  public String greet(Principal caller) {
    String who = caller instanceof MeshPeer p ? p.service() : caller.getName();
    // tag::spring-client[]
    String fromName = name.get().uri("http://name/").retrieve().body(String.class);
    // end::spring-client[]
    String word = WORDS.get(ThreadLocalRandom.current().nextInt(WORDS.size()));
    return word + " (" + instance + ", asked by " + who + "; name says " + fromName + ")";
  }

  // end::spring-greeting[]

  /**
   * @param args Spring Boot arguments, e.g. {@code
   *     --nativemesh.consul.address=http://127.0.0.1:8500}
   */
  public static void main(String[] args) {
    SpringApplication.run(SpringGreeting.class, args);
  }
}
