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

import io.nativemesh.discovery.Endpoint;
import java.net.URI;
import java.util.Map;
import java.util.Objects;
import org.springframework.cloud.client.ServiceInstance;

/**
 * A healthy Connect-native instance from the SDK's catalog watch, as Spring Cloud's {@link
 * ServiceInstance}: service ID, instance ID, host and port as registered; always secure (mesh
 * instances serve mutual TLS only), URI {@code https://host:port}; metadata {@code node}, {@code
 * datacenter}, {@code namespace} and {@code meshHost} (the host name whose TLS identity the SDK
 * verifies). Immutable.
 *
 * @param endpoint the SDK's endpoint
 * @since 0.1.0
 */
public record MeshServiceInstance(Endpoint endpoint) implements ServiceInstance {
  /**
   * @param endpoint not null
   */
  public MeshServiceInstance {
    Objects.requireNonNull(endpoint, "endpoint");
  }

  @Override
  public String getInstanceId() {
    return endpoint.instanceId();
  }

  @Override
  public String getServiceId() {
    return endpoint.service();
  }

  @Override
  public String getHost() {
    return endpoint.address().getHostString();
  }

  @Override
  public int getPort() {
    return endpoint.address().getPort();
  }

  @Override
  public boolean isSecure() {
    return true;
  }

  @Override
  public URI getUri() {
    return URI.create("https://" + getHost() + ":" + getPort());
  }

  @Override
  public Map<String, String> getMetadata() {
    return Map.of(
        "node", String.valueOf(endpoint.node()),
        "datacenter", String.valueOf(endpoint.datacenter()),
        "namespace", endpoint.namespace(),
        "meshHost", endpoint.meshHost());
  }
}
