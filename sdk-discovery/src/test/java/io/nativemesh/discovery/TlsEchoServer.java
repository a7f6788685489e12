package io.nativemesh.discovery;

import io.nativemesh.tls.CertificateInfo;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * A mesh server on 127.0.0.1 for tests: accepts TLS connections from an {@link SSLContext} (mutual TLS
 * from {@code MeshSslContexts}), answers each line with {@code "<name>: <line>"}, and records accepted
 * connections and the peers' SPIFFE IDs. With a null context it accepts TCP and never speaks (a hung
 * peer).
 */
public final class TlsEchoServer implements AutoCloseable {
  private final String name;
  private final ServerSocket server;
  private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "tls-echo");
    t.setDaemon(true);
    return t;
  });
  private final AtomicInteger accepted = new AtomicInteger();
  private final List<String> peers = new CopyOnWriteArrayList<>();
  private final List<Socket> open = new CopyOnWriteArrayList<>();

  /**
   * @param name prefix of every answer
   * @param context the server's TLS context, or null for a server that never handshakes
   * @param protocols TLS versions to enable (e.g. {@code TLSv1.2}); none for the context's own
   * @throws IOException if it cannot listen
   */
  public TlsEchoServer(String name, SSLContext context, String... protocols) throws IOException {
    this.name = name;
    this.server = context == null ? new ServerSocket(0, 50, InetAddress.getLoopbackAddress())
        : context.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
    if (protocols.length > 0) {
      ((SSLServerSocket) server).setEnabledProtocols(protocols);
    }
    threads.execute(this::acceptLoop);
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        accepted.incrementAndGet();
        open.add(s);
        if (s instanceof SSLSocket tls) {
          threads.execute(() -> serve(tls));
        }
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(SSLSocket s) {
    try (s) {
      s.startHandshake();
      X509Certificate peer = (X509Certificate) s.getSession().getPeerCertificates()[0];
      peers.add(CertificateInfo.uriSans(peer).get(0));
      BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
      OutputStream out = s.getOutputStream();
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        out.write((name + ": " + line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
    } catch (IOException | RuntimeException e) {
      // a refused or broken connection: the client sees it
    }
  }

  /** @return where it listens */
  public InetSocketAddress address() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
  }

  /** @return TCP connections accepted so far */
  public int accepted() {
    return accepted.get();
  }

  /** @return SPIFFE IDs of the peers that completed a handshake */
  public List<String> peers() {
    return peers;
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket s : open) {
      s.close();
    }
    threads.shutdownNow();
  }
}
