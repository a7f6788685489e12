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

import io.nativemesh.MeshService;
import io.nativemesh.tls.MeshState;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.TrustManager;
import org.apache.tomcat.util.net.SSLContext;

/** Tomcat's view of the mesh {@link javax.net.ssl.SSLContext}; init and destroy are no-ops. */
public final class TomcatMeshSslContext implements SSLContext {
  private final MeshService mesh;
  private final javax.net.ssl.SSLContext ctx;

  /**
   * @param mesh the mesh service
   */
  public TomcatMeshSslContext(MeshService mesh) {
    this.mesh = mesh;
    this.ctx = mesh.serverSslContext();
  }

  @Override
  public void init(KeyManager[] kms, TrustManager[] tms, SecureRandom sr) {
    // the mesh context is initialised already
  }

  @Override
  public void destroy() {
    // owned by the mesh service
  }

  @Override
  public SSLSessionContext getServerSessionContext() {
    return ctx.getServerSessionContext();
  }

  @Override
  public SSLEngine createSSLEngine() {
    return ctx.createSSLEngine();
  }

  @Override
  public SSLServerSocketFactory getServerSocketFactory() {
    return ctx.getServerSocketFactory();
  }

  @Override
  public SSLParameters getSupportedSSLParameters() {
    return ctx.getSupportedSSLParameters();
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    MeshState s = mesh.state();
    return s == null ? null : s.chain();
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return mesh.trustManager().getAcceptedIssuers();
  }
}
