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

import io.nativemesh.spring.internal.OkHttpClientHttpRequest;
import java.io.IOException;
import java.net.URI;
import java.util.Locale;
import okhttp3.OkHttpClient;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.SimpleClientHttpRequestFactory;

/**
 * The {@code RestClient} / {@code RestTemplate} request factory the starter installs: a mesh name
 * ({@code http://name/path}, a host without a dot, or {@code *.consul}) goes through the mesh HTTP
 * client ({@code MeshService.httpClient()}: resolution through the SDK's watches, balancing,
 * retries, circuit breaking, mutual TLS verifying that the server is the dialled service); any
 * other host goes through the given fallback factory, unchanged. Request bodies are buffered.
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public class MeshClientHttpRequestFactory implements ClientHttpRequestFactory {
  private final OkHttpClient mesh;
  private final ClientHttpRequestFactory other;

  /**
   * @param mesh the mesh HTTP client
   * @param other the factory for hosts that are not mesh names (null: the JDK's HttpURLConnection)
   */
  public MeshClientHttpRequestFactory(OkHttpClient mesh, ClientHttpRequestFactory other) {
    this.mesh = mesh;
    this.other = other != null ? other : new SimpleClientHttpRequestFactory();
  }

  /**
   * @param host a URI host
   * @return whether it names a mesh service ({@code name}, {@code name.service.consul}, ...)
   */
  public static boolean isMeshHost(String host) {
    if (host == null || host.isEmpty()) {
      return false;
    }
    String h = host.toLowerCase(Locale.ROOT);
    if (h.equals("localhost") || h.startsWith("[") || h.matches("[0-9.]+")) {
      return false;
    }
    return h.indexOf('.') < 0 || h.endsWith(".consul");
  }

  @Override
  public ClientHttpRequest createRequest(URI uri, HttpMethod httpMethod) throws IOException {
    if (isMeshHost(uri.getHost())) {
      return new OkHttpClientHttpRequest(mesh, uri, httpMethod);
    }
    return other.createRequest(uri, httpMethod);
  }
}
