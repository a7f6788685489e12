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
package io.nativemesh.spring.internal;

import io.nativemesh.spring.InvalidNativeMeshPropertyException;
import io.nativemesh.spring.MeshSslBundle;
import java.util.Map;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * With {@code server.ssl.bundle=nativemesh}, the server requires client certificates: sets {@code
 * server.ssl.client-auth=need} when unset, and fails start-up when it is set to anything else (the
 * mesh serves mutual TLS only). Registered in {@code META-INF/spring.factories}.
 */
public final class MeshClientAuthDefaults
    implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {
  @Override
  public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
    ConfigurableEnvironment env = event.getEnvironment();
    if (!MeshSslBundle.NAME.equals(env.getProperty("server.ssl.bundle"))) {
      return;
    }
    String auth = env.getProperty("server.ssl.client-auth");
    if (auth == null) {
      env.getPropertySources()
          .addLast(
              new MapPropertySource(
                  "nativemesh-client-auth", Map.of("server.ssl.client-auth", "need")));
    } else if (!"need".equalsIgnoreCase(auth.trim())) {
      throw new InvalidNativeMeshPropertyException(
          "server.ssl.client-auth",
          auth,
          "need (or unset): server.ssl.bundle=nativemesh serves mutual TLS only");
    }
  }
}
