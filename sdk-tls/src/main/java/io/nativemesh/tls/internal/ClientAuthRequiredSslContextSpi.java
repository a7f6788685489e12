package io.nativemesh.tls.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.KeyManagementException;
import java.security.SecureRandom;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * Delegates to a JDK {@link SSLContext} and marks every engine, socket and server socket it creates as
 * needing client authentication, so a server built from the mesh context can never accept a client
 * without a certificate just because the application forgot {@code setNeedClientAuth(true)} (fail
 * closed). Client-mode engines ignore the flag. Thread-safe.
 */
public final class ClientAuthRequiredSslContextSpi extends SSLContextSpi {
  private final SSLContext delegate;

  /** @param delegate an initialized context */
  public ClientAuthRequiredSslContextSpi(SSLContext delegate) {
    this.delegate = delegate;
  }

  @Override
  protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr) throws KeyManagementException {
    throw new KeyManagementException("the mesh SSLContext is already initialized with the mesh key and trust managers");
  }

  @Override
  protected SSLSocketFactory engineGetSocketFactory() {
    return new Sockets(delegate.getSocketFactory());
  }

  @Override
  protected SSLServerSocketFactory engineGetServerSocketFactory() {
    return new ServerSockets(delegate.getServerSocketFactory());
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

  private static ServerSocket need(ServerSocket s) {
    if (s instanceof SSLServerSocket ssl) {
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
    public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
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
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
      return need(d.createSocket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
      return need(d.createSocket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
      return need(d.createSocket(address, port, localAddress, localPort));
    }
  }

  private static final class ServerSockets extends SSLServerSocketFactory {
    private final SSLServerSocketFactory d;

    ServerSockets(SSLServerSocketFactory d) {
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
    public ServerSocket createServerSocket() throws IOException {
      return need(d.createServerSocket());
    }

    @Override
    public ServerSocket createServerSocket(int port) throws IOException {
      return need(d.createServerSocket(port));
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog) throws IOException {
      return need(d.createServerSocket(port, backlog));
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog, InetAddress ifAddress) throws IOException {
      return need(d.createServerSocket(port, backlog, ifAddress));
    }
  }
}
