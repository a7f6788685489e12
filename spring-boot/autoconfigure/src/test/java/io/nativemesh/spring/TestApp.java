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

import java.security.Principal;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The Spring service under test: {@code /hello} and {@code /admin} answer with the caller. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(TestApp.Hello.class)
public class TestApp {
  /** Works on Spring MVC and WebFlux alike. */
  @RestController
  public static class Hello {
    @GetMapping("/hello")
    public String hello(Principal caller) {
      return "hello " + caller.getName();
    }

    @GetMapping("/admin")
    public String admin(Principal caller) {
      return "admin " + caller.getName();
    }
  }
}
