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
package io.nativemesh.test;

import io.nativemesh.consul.ConsulClient;
import io.nativemesh.consul.QueryOptions;
import io.nativemesh.consul.QueryResult;
import io.nativemesh.core.MeshException;
import io.nativemesh.core.ServiceIdentity;
import io.nativemesh.core.SpiffeId;
import io.nativemesh.core.intention.IntentionMatcher;
import io.nativemesh.core.model.CaRoots;
import io.nativemesh.core.model.CheckDefinition;
import io.nativemesh.core.model.ConnectSettings;
import io.nativemesh.core.model.Intention;
import io.nativemesh.core.model.IssuedCert;
import io.nativemesh.core.model.ServiceRegistration;
import io.nativemesh.tls.MeshHostnames;
import io.nativemesh.tls.MeshSslContexts;
import io.nativemesh.tls.MeshState;
import io.nativemesh.tls.MeshStateStore;
import io.nativemesh.tls.MeshTrustManager;
import io.nativemesh.tls.PemDecoder;
import io.nativemesh.tls.TlsPolicy;
import io.nativemesh.tls.TrustBundle;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * A fake instance of a mesh service: a TLS server on 127.0.0.1 (ephemeral port) that requires a
 * client certificate, authorizes callers against the intentions where its service is the
 * destination, answers every HTTP request with {@code 200} and the text {@code <instance id> as
 * <identity> to <caller identity>}, and is registered in the catalog ({@code Connect.Native} by
 * default, one TTL check passing for an hour).
 *
 * <p>Its leaf is fixed when it starts: by default the server issues one for the identity; a test
 * can hand it any {@link TestLeaf} instead (expired, another identity, from a previous root) and
 * swap it later with {@link #serve(TestLeaf)}. Roots and intentions are read when it starts and on
 * {@link #refresh()} (the testkit refreshes after its own intention changes). Thread-safe.
 *
 * @since 0.1.0
 */
public final class FakeUpstream implements AutoCloseable {
  private final ConsulClient consul;
  private final String service;
  private final String id;
  private final String checkId;
  private final MeshStateStore store = new MeshStateStore();
  private final SSLServerSocket socket;
  private final ExecutorService pool;
  private final List<String> refusals = new CopyOnWriteArrayList<>();
  private final AtomicInteger served = new AtomicInteger();
  private volatile TestLeaf leaf;
  private volatile boolean closed;

  private FakeUpstream(Builder b) throws IOException {
    this.consul = b.consul;
    this.service = b.service;
    this.id = b.id;
    this.checkId = "fake:" + b.id;
    this.leaf = b.leaf != null ? b.leaf : issued(consul, b.identity);
    publish();
    socket =
        (SSLServerSocket)
            MeshSslContexts.sslContext(store, TlsPolicy.DEFAULT)
                .getServerSocketFactory()
                .createServerSocket(0, 64, InetAddress.getLoopbackAddress());
    pool =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "fake-upstream-" + id);
              t.setDaemon(true);
              return t;
            });
    pool.execute(this::acceptLoop);
    if (b.register) {
      consul
          .agent()
          .register(
              new ServiceRegistration(
                  id,
                  service,
                  List.of("fake"),
                  "127.0.0.1",
                  socket.getLocalPort(),
                  Map.of(),
                  null,
                  b.connectNative ? new ConnectSettings(true) : null,
                  new CheckDefinition(
                      checkId,
                      "fake upstream",
                      null,
                      "passing",
                      null,
                      "1h",
                      null,
                      null,
                      null,
                      null,
                      null,
                      null,
                      null),
                  null,
                  null));
    }
  }

  static TestLeaf issued(ConsulClient consul, String identityService) {
    IssuedCert c =
        ConsulClient.join(consul.connectCa().leaf(identityService, QueryOptions.NONE)).value();
    List<X509Certificate> chain = PemDecoder.certificates(c.certPem());
    ServiceIdentity identity = SpiffeId.parse(c.serviceUri()).asService();
    return new TestLeaf(
        identity, chain.toArray(X509Certificate[]::new), PemDecoder.privateKey(c.privateKeyPem()));
  }

  /**
   * Re-reads the roots and the intentions of its service from the server and publishes them with
   * the current leaf.
   */
  public void refresh() {
    publish();
  }

  /**
   * Serves another leaf from now on (new connections present it).
   *
   * @param next the leaf
   */
  public void serve(TestLeaf next) {
    this.leaf = next;
    publish();
  }

  private synchronized void publish() {
    CaRoots roots = ConsulClient.join(consul.connectCa().roots(QueryOptions.NONE)).value();
    QueryResult<Map<String, List<Intention>>> m =
        ConsulClient.join(consul.intentions().matchDestination(service, QueryOptions.NONE));
    List<Intention> intentions =
        m.value() == null ? List.of() : m.value().getOrDefault(service, List.of());
    boolean defaultAllow = !"deny".equalsIgnoreCase(m.meta().defaultAclPolicy());
    MeshState prev = store.current();
    TestLeaf l = leaf;
    store.publish(
        new MeshState(
            prev == null ? 1 : prev.generation() + (prev.leaf() == l.certificate() ? 0 : 1),
            l.identity(),
            l.chain(),
            l.privateKey(),
            TrustBundle.fromCaRoots(roots),
            new IntentionMatcher(service, intentions, defaultAllow)));
  }

  private void acceptLoop() {
    while (!closed) {
      Socket s;
      try {
        s = socket.accept();
      } catch (IOException e) {
        return; // closed
      }
      pool.execute(() -> handle((SSLSocket) s));
    }
  }

  private void handle(SSLSocket s) {
    try (s) {
      s.setSoTimeout(10_000);
      try {
        s.startHandshake();
      } catch (IOException e) {
        refusals.add(String.valueOf(e.getMessage()));
        return;
      }
      String caller;
      try {
        caller = MeshTrustManager.peerIdentity(s.getSession()).toString();
      } catch (IOException | MeshException e) {
        refusals.add(String.valueOf(e.getMessage()));
        return;
      }
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
      String line;
      OutputStream out = s.getOutputStream();
      while ((line = in.readLine()) != null) {
        if (!line.isEmpty()) {
          continue;
        }
        byte[] body =
            (id + " as " + leaf.identity() + " to " + caller + "\n")
                .getBytes(StandardCharsets.UTF_8);
        out.write(
            ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: "
                    + body.length
                    + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
        served.incrementAndGet();
      }
    } catch (IOException e) {
      // the caller went away
    }
  }

  /**
   * Calls this instance as a mesh client would: a real mTLS handshake presenting {@code caller},
   * verifying that the instance is {@link #service()} against the server's current roots, then
   * {@code GET path}.
   *
   * @param caller the caller's leaf (e.g. {@code mesh.ca().leaf("web", Duration.ofHours(1))})
   * @param path the request path
   * @return the response body
   * @throws IOException if the handshake fails or the instance refuses the caller
   */
  public String get(TestLeaf caller, String path) throws IOException {
    CaRoots roots = ConsulClient.join(consul.connectCa().roots(QueryOptions.NONE)).value();
    MeshStateStore client = new MeshStateStore();
    client.publish(
        new MeshState(
            1,
            caller.identity(),
            caller.chain(),
            caller.privateKey(),
            TrustBundle.fromCaRoots(roots),
            new IntentionMatcher(caller.identity().service(), List.of(), false)));
    InetSocketAddress a = address();
    String host = MeshHostnames.instanceHost(service, leaf.identity().datacenter(), a.getAddress());
    Socket raw = new Socket(a.getAddress(), a.getPort());
    try (SSLSocket s =
        (SSLSocket)
            MeshSslContexts.sslContext(client, TlsPolicy.DEFAULT)
                .getSocketFactory()
                .createSocket(raw, host, a.getPort(), true)) {
      s.setSoTimeout(5_000);
      s.startHandshake();
      OutputStream out = s.getOutputStream();
      out.write(
          ("GET " + path + " HTTP/1.1\r\nHost: " + service + "\r\n\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      BufferedReader in =
          new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
      String status = in.readLine();
      if (status == null) {
        throw new IOException(id + " closed the connection without answering (refused?)");
      }
      String line;
      while ((line = in.readLine()) != null && !line.isEmpty()) {
        // headers
      }
      return in.readLine();
    }
  }

  /**
   * @return the service name it is registered under
   */
  public String service() {
    return service;
  }

  /**
   * @return the instance (service) ID
   */
  public String id() {
    return id;
  }

  /**
   * @return the ID of its TTL check ({@code fake:<id>})
   */
  public String checkId() {
    return checkId;
  }

  /**
   * @return its TLS address on 127.0.0.1
   */
  public InetSocketAddress address() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), socket.getLocalPort());
  }

  /**
   * @return the leaf it presents
   */
  public TestLeaf leaf() {
    return leaf;
  }

  /**
   * @return messages of the handshakes it refused (a denied caller, a bad chain), oldest first
   */
  public List<String> refusals() {
    return List.copyOf(refusals);
  }

  /**
   * Waits until at least {@code count} handshakes were refused (the refusal is recorded on the
   * instance's side, possibly just after the caller saw it).
   *
   * @param count how many refusals to wait for
   * @param timeout how long at most
   * @return the refusals so far (fewer than {@code count} if the timeout passed)
   * @throws InterruptedException if interrupted while waiting
   */
  public List<String> awaitRefusals(int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (refusals.size() < count && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    return refusals();
  }

  /**
   * @return number of HTTP requests answered
   */
  public int requestsServed() {
    return served.get();
  }

  /** Deregisters it and stops serving. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      socket.close();
    } catch (IOException e) {
      // closing anyway
    }
    pool.shutdownNow();
    try {
      consul.agent().deregister(id);
    } catch (RuntimeException e) {
      // the server may be gone already
    }
  }

  /** Options of a fake instance; obtain with {@link NativeMesh#upstream(String)}. */
  public static final class Builder {
    private final ConsulClient consul;
    private final String service;
    private String id;
    private String identity;
    private TestLeaf leaf;
    private boolean connectNative = true;
    private boolean register = true;
    private final Consumer<FakeUpstream> started;

    Builder(ConsulClient consul, String service, Consumer<FakeUpstream> started) {
      this.consul = consul;
      this.started = started;
      this.service = service;
      this.id = service + "-" + Integer.toHexString(System.identityHashCode(this));
      this.identity = service;
    }

    /**
     * @param instanceId the service ID to register (default {@code <service>-<hex>})
     * @return this
     */
    public Builder id(String instanceId) {
      this.id = instanceId;
      return this;
    }

    /**
     * @param serviceName the identity to ask the server a leaf for (default: the service itself);
     *     another name makes an impostor
     * @return this
     */
    public Builder identity(String serviceName) {
      this.identity = serviceName;
      return this;
    }

    /**
     * @param l a leaf to present instead of one the server issues
     * @return this
     */
    public Builder leaf(TestLeaf l) {
      this.leaf = l;
      return this;
    }

    /**
     * @param n register with {@code Connect.Native} (default true)
     * @return this
     */
    public Builder connectNative(boolean n) {
      this.connectNative = n;
      return this;
    }

    /**
     * @param r register in the catalog (default true)
     * @return this
     */
    public Builder register(boolean r) {
      this.register = r;
      return this;
    }

    /**
     * Starts serving and registers the instance; the test's mesh closes it at teardown.
     *
     * @return the running instance
     * @throws MeshException if the server refuses the leaf or the registration
     */
    public FakeUpstream start() {
      try {
        FakeUpstream u = new FakeUpstream(this);
        started.accept(u);
        return u;
      } catch (IOException e) {
        throw new MeshException("cannot start fake upstream " + id + ": " + e.getMessage(), e);
      }
    }
  }
}
