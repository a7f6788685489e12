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

import io.nativemesh.spring.internal.OkHttpReactiveRequest;
import java.net.URI;
import java.util.function.Function;
import okhttp3.OkHttpClient;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.http.client.reactive.ClientHttpRequest;
import org.springframework.http.client.reactive.ClientHttpResponse;
import reactor.core.publisher.Mono;

/**
 * The {@code WebClient} connector the starter installs: a mesh name (see {@link
 * MeshClientHttpRequestFactory#isMeshHost}) goes through the mesh HTTP client, any other host
 * through the given connector. A mesh call runs on Reactor's bounded-elastic scheduler; request and
 * response bodies are buffered (mesh calls are API calls, not streams).
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public class MeshClientHttpConnector implements ClientHttpConnector {
  private final OkHttpClient mesh;
  private final ClientHttpConnector other;

  /**
   * @param mesh the mesh HTTP client
   * @param other the connector for hosts that are not mesh names, or null to refuse them
   */
  public MeshClientHttpConnector(OkHttpClient mesh, ClientHttpConnector other) {
    this.mesh = mesh;
    this.other = other;
  }

  @Override
  public Mono<ClientHttpResponse> connect(
      HttpMethod method, URI uri, Function<? super ClientHttpRequest, Mono<Void>> requestCallback) {
    if (!MeshClientHttpRequestFactory.isMeshHost(uri.getHost())) {
      if (other == null) {
        return Mono.error(
            new IllegalArgumentException(
                uri.getHost() + " is not a mesh service name and no other connector is set"));
      }
      return other.connect(method, uri, requestCallback);
    }
    OkHttpReactiveRequest req = new OkHttpReactiveRequest(method, uri);
    return requestCallback.apply(req).then(Mono.defer(() -> req.execute(mesh)));
  }
}
