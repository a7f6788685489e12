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

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;

/**
 * With Spring Security on a servlet stack: runs right after {@link MeshPeerFilter} and before
 * Spring Security's filter chain, and makes the caller a {@link MeshAuthentication}, so {@code
 * authorizeHttpRequests} and {@code @PreAuthorize} rules can name callers. The security context is
 * put where Spring Security's default {@code SecurityContextRepository} reads it first (the request
 * attribute of {@link RequestAttributeSecurityContextRepository}) and into the {@link
 * SecurityContextHolder} for the rest of the chain (restored afterwards). An application that
 * replaces the repository must include {@code RequestAttributeSecurityContextRepository} in it.
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public class MeshAuthenticationFilter implements Filter, Ordered {
  @Override
  public int getOrder() {
    return MeshPeerFilter.ORDER + 1;
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    if (!(req.getAttribute(MeshPeer.ATTRIBUTE) instanceof MeshPeer peer)) {
      chain.doFilter(req, res);
      return;
    }
    SecurityContext ctx = SecurityContextHolder.createEmptyContext();
    ctx.setAuthentication(new MeshAuthentication(peer));
    req.setAttribute(RequestAttributeSecurityContextRepository.DEFAULT_REQUEST_ATTR_NAME, ctx);
    SecurityContext previous = SecurityContextHolder.getContext();
    SecurityContextHolder.setContext(ctx);
    try {
      chain.doFilter(req, res);
    } finally {
      SecurityContextHolder.setContext(previous);
    }
  }
}
