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

import io.nativemesh.core.intention.IntentionDecision;
import io.nativemesh.spring.internal.PeerCertificates;
import io.nativemesh.tls.RequestAuthorizer;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.SslInfo;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * WebFlux counterpart of {@link MeshPeerFilter}: per-request L7 intentions (403 with the deciding
 * rule), the caller as {@link MeshPeer} in the exchange attribute {@link MeshPeer#ATTRIBUTE} and as
 * {@code exchange.getPrincipal()}. A request without a mesh client certificate is refused.
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public class MeshWebFilter implements WebFilter, Ordered {
  private final RequestAuthorizer authorizer;

  /**
   * @param authorizer the mesh service's request authorizer
   */
  public MeshWebFilter(RequestAuthorizer authorizer) {
    this.authorizer = authorizer;
  }

  @Override
  public int getOrder() {
    return MeshPeerFilter.ORDER;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    ServerHttpRequest req = exchange.getRequest();
    SslInfo ssl = req.getSslInfo();
    X509Certificate[] chainCerts = ssl == null ? null : ssl.getPeerCertificates();
    MeshPeer peer = PeerCertificates.peer(chainCerts);
    Map<String, List<String>> headers = new LinkedHashMap<>();
    req.getHeaders().forEach(headers::put);
    IntentionDecision d =
        PeerCertificates.decide(
            authorizer, peer, req.getMethod().name(), req.getURI().getRawPath(), headers);
    if (!d.allowed()) {
      ServerHttpResponse res = exchange.getResponse();
      res.setStatusCode(HttpStatus.FORBIDDEN);
      res.getHeaders().setContentType(new MediaType("text", "plain", StandardCharsets.UTF_8));
      DataBuffer body =
          res.bufferFactory().wrap(PeerCertificates.denialBody(d).getBytes(StandardCharsets.UTF_8));
      return res.writeWith(Mono.just(body));
    }
    exchange.getAttributes().put(MeshPeer.ATTRIBUTE, peer);
    Mono<Principal> principal = Mono.just(peer);
    return chain.filter(exchange.mutate().principal(principal).build());
  }
}
