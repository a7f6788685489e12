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
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.core.Ordered;

/**
 * Servlet filter for requests served with the {@code nativemesh} bundle: evaluates the L7
 * intentions (path, method, headers) for the caller on every request and answers 403 with the
 * deciding rule in a plain-text body when they deny; otherwise exposes the caller as {@link
 * MeshPeer} (request attribute {@link MeshPeer#ATTRIBUTE} and {@code getUserPrincipal()}). Runs
 * before Spring Security's filter chain. A request without a mesh client certificate is refused
 * (fail closed).
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public class MeshPeerFilter implements Filter, Ordered {
  /** The filter's order: early, before Spring Security (-100) and request-wrapping filters. */
  public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 20;

  private static final String CERTS = "jakarta.servlet.request.X509Certificate";
  private final RequestAuthorizer authorizer;

  /**
   * @param authorizer the mesh service's request authorizer
   */
  public MeshPeerFilter(RequestAuthorizer authorizer) {
    this.authorizer = authorizer;
  }

  @Override
  public int getOrder() {
    return ORDER;
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    if (!(req instanceof HttpServletRequest http) || !(res instanceof HttpServletResponse out)) {
      chain.doFilter(req, res);
      return;
    }
    MeshPeer peer = PeerCertificates.peer((X509Certificate[]) http.getAttribute(CERTS));
    IntentionDecision d =
        PeerCertificates.decide(
            authorizer, peer, http.getMethod(), http.getRequestURI(), headers(http));
    if (!d.allowed()) {
      byte[] body = PeerCertificates.denialBody(d).getBytes(StandardCharsets.UTF_8);
      out.setStatus(HttpServletResponse.SC_FORBIDDEN);
      out.setContentType("text/plain;charset=UTF-8");
      out.setContentLength(body.length);
      out.getOutputStream().write(body);
      return;
    }
    http.setAttribute(MeshPeer.ATTRIBUTE, peer);
    chain.doFilter(
        new HttpServletRequestWrapper(http) {
          @Override
          public Principal getUserPrincipal() {
            Principal p = super.getUserPrincipal();
            return p != null ? p : peer;
          }
        },
        res);
  }

  private static Map<String, List<String>> headers(HttpServletRequest r) {
    Map<String, List<String>> h = new LinkedHashMap<>();
    for (String name : Collections.list(r.getHeaderNames())) {
      h.put(name, Collections.list(r.getHeaders(name)));
    }
    return h;
  }
}
