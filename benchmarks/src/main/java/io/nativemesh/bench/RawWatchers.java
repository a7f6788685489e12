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

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A lean load generator for parked blocking queries: plain {@code java.nio} selectors (one per
 * thread), one pre-encoded {@code GET} per connection, and a minimal HTTP/1.1 response reader that
 * only looks at the status code and {@code Content-Length}. It shares the two vCPUs with the server
 * under test, so every microsecond it spends per response is taken from the server; the Netty
 * {@link ServerLoad} (HTTP codec, aggregator, a future per request) costs several times more per
 * response. Both are selectable in {@code ServerBench watchers} ({@code
 * -Dbench.loadgen=raw|netty}).
 *
 * <p>Use: {@link #park} sends one request on every connection, {@link #start} marks the instant
 * latencies are measured from (the write), {@link #await} waits for every response. A round's
 * requests must all be answered before the next {@link #park}. Not thread-safe: one caller drives
 * it; the selector threads only read.
 */
final class RawWatchers implements AutoCloseable {
  private static final byte[] CONTENT_LENGTH =
      "content-length:".getBytes(StandardCharsets.US_ASCII);
  private final Conn[] conns;
  private final Worker[] workers;
  private final long[] latency;
  private final int[] status;
  private volatile long t0;
  private volatile CountDownLatch done = new CountDownLatch(0);
  private final AtomicInteger completed = new AtomicInteger();

  /**
   * Opens {@code n} keep-alive connections and starts {@code threads} selector threads.
   *
   * @param host server host (a loopback address)
   * @param port server port
   * @param n connections
   * @param threads selector threads (connections are spread round-robin)
   * @throws IOException if a connection cannot be opened
   */
  RawWatchers(String host, int port, int n, int threads) throws IOException {
    conns = new Conn[n];
    latency = new long[n];
    status = new int[n];
    workers = new Worker[threads];
    for (int t = 0; t < threads; t++) {
      workers[t] = new Worker(Selector.open(), "raw-watchers-" + t);
    }
    InetSocketAddress addr = new InetSocketAddress(host, port);
    for (int i = 0; i < n; i++) {
      SocketChannel ch = SocketChannel.open();
      ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
      ch.connect(addr);
      ch.configureBlocking(false);
      conns[i] = new Conn(i, ch);
      workers[i % threads].pending.add(conns[i]);
    }
    for (Worker w : workers) {
      w.start();
    }
  }

  /**
   * Sends {@code GET <uri>} on every connection.
   *
   * @param uri path and query, e.g. {@code /v1/kv/k?index=7&wait=5m}
   * @throws IOException if a request cannot be written at once (a full socket buffer is an error
   *     here)
   */
  void park(String uri) throws IOException {
    Arrays.fill(latency, -1);
    Arrays.fill(status, 0);
    completed.set(0);
    t0 = Long.MAX_VALUE;
    done = new CountDownLatch(conns.length);
    ByteBuffer req =
        ByteBuffer.wrap(
            ("GET " + uri + " HTTP/1.1\r\nHost: bench\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
    for (Conn c : conns) {
      ByteBuffer b = req.duplicate();
      c.ch.write(b);
      if (b.hasRemaining()) {
        throw new IOException("request not written at once on connection " + c.id);
      }
    }
  }

  /**
   * @return responses received since the last {@link #park}
   */
  int completed() {
    return completed.get();
  }

  /**
   * @param nanos the {@code System.nanoTime()} latencies are measured from
   */
  void start(long nanos) {
    t0 = nanos;
  }

  /**
   * @param timeout how long to wait for every response
   * @param unit its unit
   * @return per connection, nanoseconds from {@link #start} to its complete response
   * @throws InterruptedException if interrupted
   * @throws IllegalStateException if a response is missing or not a 200
   */
  long[] await(long timeout, TimeUnit unit) throws InterruptedException {
    if (!done.await(timeout, unit)) {
      throw new IllegalStateException(
          "only " + completed.get() + " of " + conns.length + " watchers answered");
    }
    for (int i = 0; i < conns.length; i++) {
      if (status[i] != 200) {
        throw new IllegalStateException("watcher " + i + " answered " + status[i]);
      }
    }
    return latency.clone();
  }

  @Override
  public void close() throws IOException {
    for (Worker w : workers) {
      w.interrupt();
      w.selector.close();
    }
    for (Conn c : conns) {
      c.ch.close();
    }
  }

  /** One connection: its channel and the bytes of a response received so far. */
  private static final class Conn {
    final int id;
    final SocketChannel ch;
    byte[] buf = new byte[1024];
    int len;

    Conn(int id, SocketChannel ch) {
      this.id = id;
      this.ch = ch;
    }
  }

  private final class Worker extends Thread {
    final Selector selector;
    final List<Conn> pending = new ArrayList<>();
    final ByteBuffer in = ByteBuffer.allocateDirect(64 * 1024);

    Worker(Selector selector, String name) {
      super(name);
      this.selector = selector;
      setDaemon(true);
    }

    @Override
    public void run() {
      try {
        for (Conn c : pending) {
          c.ch.register(selector, SelectionKey.OP_READ, c);
        }
        while (!isInterrupted()) {
          selector.select();
          Iterator<SelectionKey> it = selector.selectedKeys().iterator();
          while (it.hasNext()) {
            SelectionKey k = it.next();
            it.remove();
            read((Conn) k.attachment());
          }
        }
      } catch (IOException e) {
        if (selector.isOpen()) {
          throw new UncheckedIOException(e);
        }
      } catch (ClosedSelectorException e) {
        // closed by close()
      }
    }

    private void read(Conn c) throws IOException {
      in.clear();
      int r = c.ch.read(in);
      if (r < 0) {
        throw new IOException("server closed connection " + c.id);
      }
      in.flip();
      if (c.len + r > c.buf.length) {
        c.buf = Arrays.copyOf(c.buf, Math.max(c.buf.length * 2, c.len + r));
      }
      in.get(c.buf, c.len, r);
      c.len += r;
      int s = responseStatus(c.buf, c.len);
      if (s != 0) {
        long now = System.nanoTime();
        latency[c.id] = now - t0;
        status[c.id] = s;
        c.len = 0;
        completed.incrementAndGet();
        done.countDown();
      }
    }
  }

  /**
   * @param b bytes received
   * @param len how many
   * @return the status code once {@code b} holds one whole response (head and {@code
   *     Content-Length} bytes of body), else 0
   * @throws IOException if the bytes are not an HTTP/1.1 response with a {@code Content-Length}
   */
  static int responseStatus(byte[] b, int len) throws IOException {
    int headEnd = -1;
    for (int i = 3; i < len; i++) {
      if (b[i] == '\n' && b[i - 1] == '\r' && b[i - 2] == '\n' && b[i - 3] == '\r') {
        headEnd = i + 1;
        break;
      }
    }
    if (headEnd < 0) {
      return 0;
    }
    if (len < 12 || b[0] != 'H' || b[8] != ' ') {
      throw new IOException(
          "not an HTTP response: "
              + new String(b, 0, Math.min(len, 40), StandardCharsets.US_ASCII));
    }
    int code = (b[9] - '0') * 100 + (b[10] - '0') * 10 + (b[11] - '0');
    long contentLength = -1;
    byte[] name = CONTENT_LENGTH;
    for (int line = 0; line < headEnd; ) {
      int eol = line;
      while (eol < headEnd && b[eol] != '\n') {
        eol++;
      }
      if (eol - line > name.length && startsWithIgnoreCase(b, line, name)) {
        contentLength = 0;
        for (int i = line + name.length; i < eol; i++) {
          if (b[i] >= '0' && b[i] <= '9') {
            contentLength = contentLength * 10 + (b[i] - '0');
          }
        }
      }
      line = eol + 1;
    }
    if (contentLength < 0) {
      throw new IOException("response without Content-Length");
    }
    return len >= headEnd + contentLength ? code : 0;
  }

  private static boolean startsWithIgnoreCase(byte[] b, int at, byte[] lowerPrefix) {
    for (int i = 0; i < lowerPrefix.length; i++) {
      int c = b[at + i];
      if (c >= 'A' && c <= 'Z') {
        c += 'a' - 'A';
      }
      if (c != lowerPrefix[i]) {
        return false;
      }
    }
    return true;
  }
}
