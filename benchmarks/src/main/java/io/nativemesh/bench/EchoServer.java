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
package io.nativemesh.bench;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;

/**
 * The server of the discovery benchmarks: blocking, one thread per connection, on 127.0.0.1 — the
 * same threading for every case; only the server socket differs (plain, or an mTLS {@link
 * SSLServerSocket} from the mesh {@code serverSslContext()}).
 *
 * <p>Protocol: the client sends one mode byte. {@link #MODE_REQUEST_RESPONSE}: then repeatedly a
 * {@link #MESSAGE}-byte request, answered by the same {@link #MESSAGE} bytes, until EOF. {@link
 * #MODE_BULK}: then an 8-byte big-endian length n and n bytes, which are read and discarded; the
 * server answers with the 8-byte count it read.
 */
public final class EchoServer implements AutoCloseable {
  /** Request and response size in bytes. */
  public static final int MESSAGE = 64;

  /** Mode byte: fixed-size request/response loop. */
  public static final int MODE_REQUEST_RESPONSE = 'R';

  /** Mode byte: one bulk upload, acknowledged with its length. */
  public static final int MODE_BULK = 'B';

  private final ServerSocket server;
  private final ExecutorService threads;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  private EchoServer(ServerSocket server, String name) {
    this.server = server;
    this.threads =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, name);
              t.setDaemon(true);
              return t;
            });
    threads.execute(this::acceptLoop);
  }

  /**
   * @return a plain TCP server on an ephemeral 127.0.0.1 port
   * @throws IOException if it cannot bind
   */
  public static EchoServer plain() throws IOException {
    return new EchoServer(
        new ServerSocket(0, 1024, InetAddress.getLoopbackAddress()), "echo-plain");
  }

  /**
   * @param context the mesh server context; client certificates are required and authorized by its
   *     trust manager in the handshake
   * @return an mTLS server on an ephemeral 127.0.0.1 port
   * @throws IOException if it cannot bind
   */
  public static EchoServer tls(SSLContext context) throws IOException {
    SSLServerSocket s =
        (SSLServerSocket)
            context
                .getServerSocketFactory()
                .createServerSocket(0, 1024, InetAddress.getLoopbackAddress());
    s.setNeedClientAuth(true);
    return new EchoServer(s, "echo-tls");
  }

  /**
   * @return the bound port
   */
  public int port() {
    return server.getLocalPort();
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket s = server.accept();
        s.setTcpNoDelay(true);
        open.add(s);
        threads.execute(() -> serve(s));
      } catch (IOException e) {
        if (!closed) {
          System.err.println("echo accept failed: " + e);
        }
        return;
      }
    }
  }

  private void serve(Socket s) {
    try (s) {
      InputStream in = s.getInputStream();
      OutputStream out = s.getOutputStream();
      int mode = in.read();
      if (mode == MODE_REQUEST_RESPONSE) {
        byte[] buf = new byte[MESSAGE];
        while (readFully(in, buf, MESSAGE)) {
          out.write(buf);
          out.flush();
        }
      } else if (mode == MODE_BULK) {
        DataInputStream din = new DataInputStream(in);
        long n = din.readLong();
        byte[] buf = new byte[64 * 1024];
        long got = 0;
        while (got < n) {
          int r = in.read(buf, 0, (int) Math.min(buf.length, n - got));
          if (r < 0) {
            throw new EOFException("bulk ended after " + got + " of " + n + " bytes");
          }
          got += r;
        }
        DataOutputStream dout = new DataOutputStream(out);
        dout.writeLong(got);
        dout.flush();
        in.read(); // wait for the client's close
      }
    } catch (SocketException | EOFException e) {
      // client went away
    } catch (IOException e) {
      if (!closed) {
        System.err.println("echo connection failed: " + e);
      }
    } finally {
      open.remove(s);
    }
  }

  /**
   * @param in the stream
   * @param buf where to read
   * @param n how many bytes
   * @return false on EOF before the first byte
   * @throws IOException on a read error or EOF inside the message
   */
  static boolean readFully(InputStream in, byte[] buf, int n) throws IOException {
    int off = 0;
    while (off < n) {
      int r = in.read(buf, off, n - off);
      if (r < 0) {
        if (off == 0) {
          return false;
        }
        throw new EOFException("EOF after " + off + " of " + n + " bytes");
      }
      off += r;
    }
    return true;
  }

  /** Stops accepting, closes every connection and stops the threads. */
  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException ignored) {
      // closing
    }
    for (Socket s : open) {
      try {
        s.close();
      } catch (IOException ignored) {
        // closing
      }
    }
    threads.shutdownNow();
  }
}
