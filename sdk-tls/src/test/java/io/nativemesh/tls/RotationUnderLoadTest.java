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
package io.nativemesh.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;
import org.junit.jupiter.api.Test;

/**
 * Many clients handshake and call continuously for a minute while both sides' leaves rotate every
 * 200 ms: zero failed requests, and a spy on the server's key manager proves that no handshake ever
 * paired a private key with another generation's chain.
 */
class RotationUnderLoadTest {
  private static final long DURATION_MS = 60_000;
  private static final long ROTATE_EVERY_MS = 200;

  /** Records, per thread, the chain handed out for an alias and checks the key that follows. */
  static final class SpyKeyManager extends X509ExtendedKeyManager {
    final MeshKeyManager d;
    final ThreadLocal<Object[]> lastChain = new ThreadLocal<>();
    final ThreadLocal<Object[]> lastKey = new ThreadLocal<>();
    final AtomicLong pairs = new AtomicLong();
    final ConcurrentLinkedQueue<String> mismatches = new ConcurrentLinkedQueue<>();

    SpyKeyManager(MeshKeyManager d) {
      this.d = d;
    }

    /** Checks a chain and a key read for the same alias on one thread, whichever came first. */
    private void check() {
      Object[] c = lastChain.get();
      Object[] k = lastKey.get();
      if (c != null && k != null && c[0].equals(k[0])) {
        lastChain.remove();
        lastKey.remove();
        if (c[1] != null && k[1] != null) {
          pairs.incrementAndGet();
          if (!matches((PrivateKey) k[1], ((X509Certificate[]) c[1])[0])) {
            mismatches.add((String) c[0]);
          }
        }
      }
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
      X509Certificate[] c = d.getCertificateChain(alias);
      lastChain.set(new Object[] {alias, c});
      check();
      return c;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
      PrivateKey k = d.getPrivateKey(alias);
      lastKey.set(new Object[] {alias, k});
      check();
      return k;
    }

    static boolean matches(PrivateKey k, X509Certificate c) {
      try {
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(k);
        s.update(new byte[] {1});
        byte[] sig = s.sign();
        s.initVerify(c.getPublicKey());
        s.update(new byte[] {1});
        return s.verify(sig);
      } catch (Exception e) {
        return false;
      }
    }

    @Override
    public String[] getClientAliases(String t, Principal[] i) {
      return d.getClientAliases(t, i);
    }

    @Override
    public String chooseClientAlias(String[] t, Principal[] i, Socket s) {
      return d.chooseClientAlias(t, i, s);
    }

    @Override
    public String chooseEngineClientAlias(String[] t, Principal[] i, SSLEngine e) {
      return d.chooseEngineClientAlias(t, i, e);
    }

    @Override
    public String[] getServerAliases(String t, Principal[] i) {
      return d.getServerAliases(t, i);
    }

    @Override
    public String chooseServerAlias(String t, Principal[] i, Socket s) {
      return d.chooseServerAlias(t, i, s);
    }

    @Override
    public String chooseEngineServerAlias(String t, Principal[] i, SSLEngine e) {
      return d.chooseEngineServerAlias(t, i, e);
    }
  }

  @Test
  void zeroFailuresAndNoMismatchedPairs() throws Exception {
    TestCa ca = new TestCa("root");
    MeshStateStore serverStore = new MeshStateStore();
    MeshStateStore clientStore = new MeshStateStore();
    var allow = List.of(Fixtures.intention("api", "web", "allow"));
    serverStore.publish(Fixtures.state(1, ca, "web", allow, false));
    clientStore.publish(Fixtures.state(1, ca, "api", List.of(), false));

    SpyKeyManager spy = new SpyKeyManager(new MeshKeyManager(serverStore));
    SSLContext serverCtx = SSLContext.getInstance("TLS");
    serverCtx.init(
        new KeyManager[] {spy},
        new TrustManager[] {new MeshTrustManager(serverStore, TlsPolicy.DEFAULT)},
        null);
    SSLContext clientCtx = MeshSslContexts.sslContext(clientStore, TlsPolicy.DEFAULT);

    SSLServerSocket server =
        (SSLServerSocket)
            serverCtx
                .getServerSocketFactory()
                .createServerSocket(0, 200, InetAddress.getLoopbackAddress());
    server.setNeedClientAuth(true);
    int port = server.getLocalPort();
    ExecutorService pool = Executors.newCachedThreadPool();
    AtomicBoolean stop = new AtomicBoolean();
    pool.execute(
        () -> {
          while (!stop.get()) {
            try {
              Socket s = server.accept();
              pool.execute(() -> serve(s));
            } catch (IOException e) {
              return;
            }
          }
        });
    AtomicInteger gen = new AtomicInteger(1);
    pool.execute(
        () -> {
          while (!stop.get()) {
            try {
              Thread.sleep(ROTATE_EVERY_MS);
              int g = gen.incrementAndGet();
              serverStore.publish(Fixtures.state(g, ca, "web", allow, false));
              clientStore.publish(Fixtures.state(g, ca, "api", List.of(), false));
            } catch (Exception e) {
              return;
            }
          }
        });
    AtomicLong calls = new AtomicLong();
    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    int clients = 6;
    ExecutorService clientPool = Executors.newFixedThreadPool(clients);
    for (int t = 0; t < clients; t++) {
      boolean reuse = t % 2 == 0;
      clientPool.execute(
          () -> {
            SSLSocket kept = null;
            BufferedReader keptIn = null;
            while (!stop.get()) {
              try {
                if (!reuse || kept == null) {
                  kept = connect(clientCtx, port);
                  keptIn =
                      new BufferedReader(
                          new InputStreamReader(kept.getInputStream(), StandardCharsets.UTF_8));
                }
                kept.getOutputStream().write("ping\n".getBytes(StandardCharsets.UTF_8));
                kept.getOutputStream().flush();
                String line = keptIn.readLine();
                if (!"pong".equals(line)) {
                  failures.add("bad answer " + line);
                }
                calls.incrementAndGet();
                if (!reuse) {
                  kept.getSession().invalidate(); // the next connection runs a full handshake
                  kept.close();
                  kept = null;
                }
              } catch (IOException e) {
                failures.add(e.toString());
                kept = null;
              }
            }
            if (kept != null) {
              try {
                kept.close();
              } catch (IOException e) {
                // ignore
              }
            }
          });
    }
    Thread.sleep(DURATION_MS);
    stop.set(true);
    clientPool.shutdown();
    assertTrue(
        clientPool.awaitTermination(20, TimeUnit.SECONDS),
        "clients did not finish their last call");
    server.close();
    pool.shutdownNow();
    assertEquals(
        List.of(),
        List.copyOf(failures).subList(0, Math.min(10, failures.size())),
        failures.size() + " failures of " + calls.get());
    assertTrue(gen.get() > DURATION_MS / ROTATE_EVERY_MS / 2, "only " + gen.get() + " rotations");
    assertTrue(
        spy.pairs.get() > 100, "only " + spy.pairs.get() + " server key selections observed");
    assertEquals(
        List.of(),
        List.copyOf(spy.mismatches),
        "handshakes paired a key with another generation's chain");
    System.out.printf(
        "rotation under load: %d calls, %d rotations, %d key/chain selections, 0 mismatches%n",
        calls.get(), gen.get(), spy.pairs.get());
  }

  private static SSLSocket connect(SSLContext ctx, int port) throws IOException {
    Socket raw = new Socket();
    raw.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
    raw.setSoTimeout(10_000);
    SSLSocket s =
        (SSLSocket) ctx.getSocketFactory().createSocket(raw, "web.service.consul", port, true);
    s.startHandshake();
    return s;
  }

  private static void serve(Socket s) {
    try (s) {
      s.setSoTimeout(15_000);
      BufferedReader in =
          new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
      OutputStream out = s.getOutputStream();
      String line;
      while ((line = in.readLine()) != null) {
        out.write(("ping".equals(line) ? "pong\n" : "?\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
    } catch (IOException e) {
      // client went away
    }
  }
}
