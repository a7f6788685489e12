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
package io.nativemesh.cli.internal;

import io.nativemesh.tls.MeshKeyManager;
import io.nativemesh.tls.MeshState;
import io.nativemesh.tls.MeshStateStore;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A diagnostic mTLS handshake: connects to an instance, presents our leaf (or no certificate),
 * records the chain the instance presented without trusting it (the caller judges it with {@link
 * ChainFacts}), then waits briefly to see whether the instance refuses us after seeing our
 * certificate (TLS 1.3 servers verify the client after the client's handshake completes, so a
 * refusal arrives as an alert on the first read). Never sends application data.
 */
public final class TlsProbe {
  private TlsProbe() {}

  /**
   * The outcome.
   *
   * @param presented the instance's chain, leaf first; empty if the handshake never got that far
   * @param connectError set when no TLS connection could be made (refused port, timeout)
   * @param refusal set when the instance refused us after the handshake started (the TLS alert or
   *     the way the connection ended)
   * @param protocol negotiated protocol, or null
   */
  public record Result(
      List<X509Certificate> presented, String connectError, String refusal, String protocol) {
    /**
     * @return true if the instance accepted our certificate
     */
    public boolean accepted() {
      return connectError == null && refusal == null;
    }
  }

  /**
   * @param address the instance
   * @param client our leaf state, or null to present no certificate
   * @param wait how long to wait for a refusal after the handshake
   * @return what happened
   */
  public static Result probe(InetSocketAddress address, MeshState client, Duration wait) {
    AtomicReference<X509Certificate[]> seen = new AtomicReference<>(new X509Certificate[0]);
    SSLContext ctx;
    try {
      ctx = SSLContext.getInstance("TLS");
      KeyManager[] km = null;
      if (client != null) {
        MeshStateStore store = new MeshStateStore();
        store.publish(client);
        km = new KeyManager[] {new MeshKeyManager(store)};
      }
      ctx.init(km, new TrustManager[] {new Recording(seen)}, new SecureRandom());
    } catch (GeneralSecurityException e) {
      return new Result(List.of(), "cannot create a TLS context: " + e.getMessage(), null, null);
    }
    Socket raw = new Socket();
    try {
      raw.connect(address, (int) Math.max(1000, wait.toMillis() * 3));
    } catch (IOException e) {
      closeQuietly(raw);
      return new Result(
          List.of(), "cannot connect to " + address + ": " + e.getMessage(), null, null);
    }
    try (SSLSocket s =
        (SSLSocket)
            ctx.getSocketFactory()
                .createSocket(raw, address.getHostString(), address.getPort(), true)) {
      s.setSoTimeout((int) Math.max(1000, wait.toMillis() * 3));
      try {
        s.startHandshake();
      } catch (IOException e) {
        return new Result(List.of(seen.get()), null, describe(e), null);
      }
      String protocol = s.getSession().getProtocol();
      s.setSoTimeout((int) Math.max(50, wait.toMillis()));
      try {
        InputStream in = s.getInputStream();
        int b = in.read();
        if (b < 0) {
          return new Result(
              List.of(seen.get()),
              null,
              "the instance closed the connection after the handshake",
              protocol);
        }
      } catch (SocketTimeoutException e) {
        // no alert within the wait: accepted, waiting for our request
      } catch (IOException e) {
        return new Result(List.of(seen.get()), null, describe(e), protocol);
      }
      return new Result(List.of(seen.get()), null, null, protocol);
    } catch (IOException e) {
      return new Result(List.of(seen.get()), null, describe(e), null);
    }
  }

  private static String describe(IOException e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return m.startsWith("Received fatal alert")
        ? "TLS alert from the instance: " + m.substring(21).trim()
        : m;
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // nothing to do
    }
  }

  /** Records the server's chain and accepts it: judging it is the caller's business. */
  private static final class Recording extends X509ExtendedTrustManager {
    private final AtomicReference<X509Certificate[]> seen;

    Recording(AtomicReference<X509Certificate[]> seen) {
      this.seen = seen;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
      seen.set(chain.clone());
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
      seen.set(chain.clone());
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {
      seen.set(chain.clone());
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      throw new CertificateException("a probe never serves");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      throw new CertificateException("a probe never serves");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      throw new CertificateException("a probe never serves");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
