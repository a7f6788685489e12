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
package io.nativemesh.spring.boot3;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.embedded.jetty.JettyServerCustomizer;
import org.springframework.boot.web.embedded.jetty.JettyServletWebServerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The line's Jetty servlet server factory, taking the JettyServerCustomizer beans as Boot's own
 * does (with Tomcat also on the test class path, Boot would pick Tomcat).
 */
@Configuration(proxyBeanMethods = false)
class JettyServer {
  @Bean
  JettyServletWebServerFactory jettyServletWebServerFactory(
      ObjectProvider<JettyServerCustomizer> customizers) {
    JettyServletWebServerFactory f = new JettyServletWebServerFactory();
    customizers.orderedStream().forEach(f::addServerCustomizers);
    return f;
  }
}
