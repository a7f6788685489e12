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

import org.springframework.core.Ordered;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * With Spring Security on WebFlux: runs right after {@link MeshWebFilter} and before Spring
 * Security's {@code WebFilterChainProxy}, and puts the caller as a {@link MeshAuthentication} into
 * the Reactor context ({@link ReactiveSecurityContextHolder}), which Spring Security's {@code
 * ReactorContextWebFilter} keeps, so {@code authorizeExchange} and {@code @PreAuthorize} rules can
 * name callers.
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public class MeshAuthenticationWebFilter implements WebFilter, Ordered {
  @Override
  public int getOrder() {
    return MeshPeerFilter.ORDER + 1;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    if (!(exchange.getAttribute(MeshPeer.ATTRIBUTE) instanceof MeshPeer peer)) {
      return chain.filter(exchange);
    }
    MeshAuthentication auth = new MeshAuthentication(peer);
    return chain
        .filter(exchange)
        .contextWrite(ReactiveSecurityContextHolder.withAuthentication(auth));
  }
}
