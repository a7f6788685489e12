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
package io.nativemesh.spring;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The benchmarked application: {@code POST /echo} answers the request body (Spring MVC and WebFlux
 * alike). As a main class it is the start-up probe: it starts with the {@code key=value} arguments
 * as properties, prints {@code READY <ms>} (milliseconds from JVM start to {@code
 * ApplicationReadyEvent}) and exits.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(BenchApp.Echo.class)
public class BenchApp {
  /** The echo endpoint. */
  @RestController
  public static class Echo {
    @PostMapping("/echo")
    public byte[] echo(@RequestBody byte[] body) {
      return body;
    }
  }

  public static void main(String[] args) {
    Map<String, Object> p = new LinkedHashMap<>();
    for (String a : args) {
      int eq = a.indexOf('=');
      p.put(a.substring(0, eq), a.substring(eq + 1));
    }
    long[] readyAt = new long[1];
    ConfigurableApplicationContext ctx =
        new SpringApplicationBuilder(BenchApp.class, BenchSecurity.ServletOpen.class)
            .web(WebApplicationType.SERVLET)
            .properties(p)
            .listeners(
                e -> {
                  if (e instanceof ApplicationReadyEvent) {
                    readyAt[0] = System.currentTimeMillis();
                  }
                })
            .run();
    long ms = readyAt[0] - ManagementFactory.getRuntimeMXBean().getStartTime();
    System.out.println("READY " + ms);
    ctx.close();
    System.exit(0);
  }
}
