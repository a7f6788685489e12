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
package io.nativemesh.discovery;

import io.nativemesh.discovery.internal.MeshDns;
import io.nativemesh.discovery.internal.MeshHostnameVerifier;
import io.nativemesh.discovery.internal.UpstreamInterceptor;
import io.nativemesh.tls.MeshStateStore;
import io.nativemesh.tls.MeshTrustManager;
import java.util.List;
import javax.net.ssl.SSLContext;
import okhttp3.ConnectionSpec;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;

/**
 * Builds the OkHttp client of a mesh service. {@code http://<service>/path}, {@code
 * https://<service>/path} and {@code https://<service>.service[.<dc>].consul/path} reach a healthy
 * instance of {@code <service>} over mutual TLS; the server must present that service's SPIFFE ID.
 * Plaintext is never used (only {@link ConnectionSpec#MODERN_TLS}); names that are not mesh names
 * fail instead of resolving through DNS. Pooled connections are evicted when our leaf rotates. A
 * connect or handshake failure is retried on another instance; a refusal carries its reason ({@link
 * MeshConnectException}). Balancing, outlier ejection, the circuit breaker and the per-upstream
 * timeouts follow the resolver's {@link UpstreamPolicy}.
 *
 * <p>The returned client is thread-safe; derive variants with {@code newBuilder()}.
 *
 * @since 0.1.0
 */
public final class MeshHttpClients {
  private MeshHttpClients() {}

  /**
   * @param base a client whose timeouts, dispatcher and interceptors to keep (e.g. {@code new
   *     OkHttpClient()})
   * @param meshContext the mesh {@link SSLContext}
   * @param trustManager the mesh trust manager inside {@code meshContext}
   * @param store the mesh state (for identity in diagnostics and pool eviction on rotation)
   * @param resolver upstream resolution
   * @param diagnostics explains refusals
   * @return the client; attempts, timeouts and balancing come from the resolver's {@link
   *     UpstreamPolicy} of each upstream
   */
  public static OkHttpClient create(
      OkHttpClient base,
      SSLContext meshContext,
      MeshTrustManager trustManager,
      MeshStateStore store,
      UpstreamResolver resolver,
      RefusalDiagnostics diagnostics) {
    OkHttpClient client =
        base.newBuilder()
            .sslSocketFactory(meshContext.getSocketFactory(), trustManager)
            .hostnameVerifier(new MeshHostnameVerifier())
            .dns(new MeshDns())
            .connectionSpecs(List.of(ConnectionSpec.MODERN_TLS))
            .protocols(List.of(Protocol.HTTP_2, Protocol.HTTP_1_1))
            .addInterceptor(new UpstreamInterceptor(resolver, store, diagnostics))
            .build();
    store.addListener(
        (prev, now) -> {
          if (prev != null && prev.generation() != now.generation()) {
            client.connectionPool().evictAll(); // idle connections only; in-flight calls finish
          }
        });
    return client;
  }

  /**
   * Releases what a client made by {@link #create} holds: its dispatcher's threads (calls in flight
   * finish) and its pooled connections. The client must not be used afterwards.
   *
   * @param client the client
   */
  public static void close(OkHttpClient client) {
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }
}
