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
package io.nativemesh.tls.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * An {@link SSLServerSocket} that layers TLS over each accepted connection with the mesh context's
 * <em>current</em> inner JDK context, so that sessions renewed by {@link
 * MeshSslContextSpi#renewSessions()} apply to listeners opened before the renewal too. Settings
 * made on this socket (protocols, cipher suites, ...) are kept as {@link SSLParameters} and applied
 * to every accepted socket; client authentication is always required. Thread-safe for {@code
 * accept}.
 */
final class MeshServerSocket extends SSLServerSocket {
  private final Supplier<SSLContext> current;
  private volatile SSLParameters params;

  MeshServerSocket(Supplier<SSLContext> current) throws IOException {
    super();
    this.current = current;
    SSLParameters p = current.get().getDefaultSSLParameters();
    p.setNeedClientAuth(true);
    this.params = p;
  }

  @Override
  public Socket accept() throws IOException {
    Socket plain = new Socket();
    implAccept(plain);
    SSLSocket s =
        (SSLSocket)
            current
                .get()
                .getSocketFactory()
                .createSocket(
                    plain, plain.getInetAddress().getHostAddress(), plain.getPort(), true);
    s.setUseClientMode(false);
    SSLParameters p = params;
    p.setNeedClientAuth(true);
    s.setSSLParameters(p);
    return s;
  }

  private SSLParameters copy() {
    SSLParameters p = params;
    SSLParameters c = new SSLParameters(p.getCipherSuites(), p.getProtocols());
    c.setNeedClientAuth(true);
    c.setApplicationProtocols(p.getApplicationProtocols());
    c.setUseCipherSuitesOrder(p.getUseCipherSuitesOrder());
    c.setAlgorithmConstraints(p.getAlgorithmConstraints());
    return c;
  }

  @Override
  public SSLParameters getSSLParameters() {
    return copy();
  }

  @Override
  public void setSSLParameters(SSLParameters p) {
    SSLParameters c =
        new SSLParameters(
            p.getCipherSuites() == null ? params.getCipherSuites() : p.getCipherSuites(),
            p.getProtocols() == null ? params.getProtocols() : p.getProtocols());
    c.setApplicationProtocols(p.getApplicationProtocols());
    c.setUseCipherSuitesOrder(p.getUseCipherSuitesOrder());
    c.setNeedClientAuth(true); // never weakened
    this.params = c;
  }

  @Override
  public String[] getEnabledCipherSuites() {
    return params.getCipherSuites();
  }

  @Override
  public void setEnabledCipherSuites(String[] suites) {
    SSLParameters c = copy();
    c.setCipherSuites(suites);
    params = c;
  }

  @Override
  public String[] getSupportedCipherSuites() {
    return current.get().getSupportedSSLParameters().getCipherSuites();
  }

  @Override
  public String[] getSupportedProtocols() {
    return current.get().getSupportedSSLParameters().getProtocols();
  }

  @Override
  public String[] getEnabledProtocols() {
    return params.getProtocols();
  }

  @Override
  public void setEnabledProtocols(String[] protocols) {
    SSLParameters c = copy();
    c.setProtocols(protocols);
    params = c;
  }

  /** Ignored: client authentication is always required by the mesh. */
  @Override
  public void setNeedClientAuth(boolean need) {}

  @Override
  public boolean getNeedClientAuth() {
    return true;
  }

  /** Ignored: client authentication is always required by the mesh. */
  @Override
  public void setWantClientAuth(boolean want) {}

  @Override
  public boolean getWantClientAuth() {
    return false;
  }

  /** Only server mode is supported. */
  @Override
  public void setUseClientMode(boolean mode) {
    if (mode) {
      throw new IllegalArgumentException("a mesh server socket cannot accept in client mode");
    }
  }

  @Override
  public boolean getUseClientMode() {
    return false;
  }

  @Override
  public void setEnableSessionCreation(boolean flag) {}

  @Override
  public boolean getEnableSessionCreation() {
    return true;
  }

  static MeshServerSocket bound(
      Supplier<SSLContext> current, int port, int backlog, InetAddress addr) throws IOException {
    MeshServerSocket s = new MeshServerSocket(current);
    if (port >= 0) {
      s.bind(new InetSocketAddress(addr, port), backlog);
    }
    return s;
  }
}
