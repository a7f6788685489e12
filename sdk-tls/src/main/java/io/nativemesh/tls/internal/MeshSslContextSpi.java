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
import java.net.ServerSocket;
import java.net.Socket;
import java.security.KeyManagementException;
import java.security.SecureRandom;
import java.util.function.Supplier;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * The SPI behind the mesh {@link SSLContext}. It delegates to a JDK context and
 *
 * <ul>
 *   <li>marks every engine, socket and server socket it creates as needing client authentication,
 *       so a server built from the mesh context never accepts a client without a certificate
 *       because the application forgot {@code setNeedClientAuth(true)} (fail closed; client-mode
 *       engines ignore the flag);
 *   <li>can swap the inner context ({@link #renewSessions()}) so that no session established under
 *       an older policy can be resumed.
 * </ul>
 *
 * Thread-safe.
 */
public final class MeshSslContextSpi extends SSLContextSpi {
  private final Supplier<SSLContext> factory;
  private volatile SSLContext delegate;

  /**
   * @param factory creates an initialized JDK context (same key and trust managers every time)
   */
  public MeshSslContextSpi(Supplier<SSLContext> factory) {
    this.factory = factory;
    this.delegate = factory.get();
  }

  /**
   * Replaces the inner JDK context, and with it the session cache and the TLS 1.3 session-ticket
   * keys: sessions and tickets issued before can no longer be resumed, so the next connection of
   * every client runs a full handshake through the trust manager. Called when intentions or roots
   * change, because a resumed session skips the trust manager (Netty #14358). Engines already
   * created keep working.
   */
  public void renewSessions() {
    this.delegate = factory.get();
  }

  @Override
  protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr)
      throws KeyManagementException {
    throw new KeyManagementException(
        "the mesh SSLContext is already initialized with the mesh key and trust managers");
  }

  @Override
  protected SSLSocketFactory engineGetSocketFactory() {
    return new Sockets(delegate.getSocketFactory());
  }

  @Override
  protected SSLServerSocketFactory engineGetServerSocketFactory() {
    return new ServerSockets(() -> delegate);
  }

  @Override
  protected SSLEngine engineCreateSSLEngine() {
    return need(delegate.createSSLEngine());
  }

  @Override
  protected SSLEngine engineCreateSSLEngine(String host, int port) {
    return need(delegate.createSSLEngine(host, port));
  }

  @Override
  protected SSLSessionContext engineGetServerSessionContext() {
    return delegate.getServerSessionContext();
  }

  @Override
  protected SSLSessionContext engineGetClientSessionContext() {
    return delegate.getClientSessionContext();
  }

  @Override
  protected SSLParameters engineGetDefaultSSLParameters() {
    SSLParameters p = delegate.getDefaultSSLParameters();
    p.setNeedClientAuth(true);
    return p;
  }

  @Override
  protected SSLParameters engineGetSupportedSSLParameters() {
    return delegate.getSupportedSSLParameters();
  }

  private static SSLEngine need(SSLEngine e) {
    e.setNeedClientAuth(true);
    return e;
  }

  private static Socket need(Socket s) {
    if (s instanceof SSLSocket ssl) {
      ssl.setNeedClientAuth(true);
    }
    return s;
  }

  private static final class Sockets extends SSLSocketFactory {
    private final SSLSocketFactory d;

    Sockets(SSLSocketFactory d) {
      this.d = d;
    }

    @Override
    public String[] getDefaultCipherSuites() {
      return d.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
      return d.getSupportedCipherSuites();
    }

    @Override
    public Socket createSocket(Socket s, String host, int port, boolean autoClose)
        throws IOException {
      return need(d.createSocket(s, host, port, autoClose));
    }

    @Override
    public Socket createSocket() throws IOException {
      return need(d.createSocket());
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
      return need(d.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
        throws IOException {
      return need(d.createSocket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
      return need(d.createSocket(host, port));
    }

    @Override
    public Socket createSocket(
        InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
      return need(d.createSocket(address, port, localAddress, localPort));
    }
  }

  private static final class ServerSockets extends SSLServerSocketFactory {
    private final Supplier<SSLContext> current;

    ServerSockets(Supplier<SSLContext> current) {
      this.current = current;
    }

    @Override
    public String[] getDefaultCipherSuites() {
      return current.get().getDefaultSSLParameters().getCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
      return current.get().getSupportedSSLParameters().getCipherSuites();
    }

    @Override
    public ServerSocket createServerSocket() throws IOException {
      return MeshServerSocket.bound(current, -1, 0, null);
    }

    @Override
    public ServerSocket createServerSocket(int port) throws IOException {
      return MeshServerSocket.bound(current, port, 50, null);
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog) throws IOException {
      return MeshServerSocket.bound(current, port, backlog, null);
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog, InetAddress ifAddress)
        throws IOException {
      return MeshServerSocket.bound(current, port, backlog, ifAddress);
    }
  }
}
