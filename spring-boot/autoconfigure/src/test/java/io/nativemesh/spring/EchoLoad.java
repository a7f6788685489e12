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
package io.nativemesh.spring;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * The benchmark's load: N keep-alive HTTP/1.1 connections over mutual TLS, one thread each, each
 * POSTing a 64-byte body to {@code /echo} and reading the answer in a closed loop (one request in
 * flight per connection). Connections are handshaken before the warm-up; the measured window
 * follows the warm-up on the same connections.
 */
final class EchoLoad {
  static final int BODY = 64;

  /**
   * @param requestsPerSecond completed requests per second in the window
   * @param p50Micros median latency
   * @param p99Micros 99th percentile latency
   */
  record Result(double requestsPerSecond, double p50Micros, double p99Micros) {}

  private EchoLoad() {}

  static Result run(SSLContext ctx, int port, int connections, Duration warmup, Duration measure)
      throws Exception {
    byte[] body = new byte[BODY];
    Arrays.fill(body, (byte) 'x');
    byte[] request =
        concat(
            ("POST /echo HTTP/1.1\r\nHost: web\r\nContent-Type: application/octet-stream\r\n"
                    + "Content-Length: "
                    + BODY
                    + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII),
            body);
    List<SSLSocket> sockets = new ArrayList<>();
    for (int i = 0; i < connections; i++) {
      Socket plain = new Socket();
      plain.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      plain.setTcpNoDelay(true);
      plain.setSoTimeout(30_000);
      SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(plain, "127.0.0.1", port, true);
      s.startHandshake();
      sockets.add(s);
    }
    long warmEnd = System.nanoTime() + warmup.toNanos();
    long end = warmEnd + measure.toNanos();
    long[][] lat = new long[connections][];
    int[] counts = new int[connections];
    AtomicReference<Exception> failure = new AtomicReference<>();
    CountDownLatch done = new CountDownLatch(connections);
    for (int i = 0; i < connections; i++) {
      int id = i;
      SSLSocket s = sockets.get(i);
      Thread t =
          new Thread(
              () -> {
                long[] l = new long[1 << 16];
                int n = 0;
                try {
                  OutputStream out = s.getOutputStream();
                  InputStream in = new BufferedInputStream(s.getInputStream());
                  while (true) {
                    long t0 = System.nanoTime();
                    if (t0 >= end) {
                      break;
                    }
                    out.write(request);
                    out.flush();
                    readEcho(in);
                    long t1 = System.nanoTime();
                    if (t0 >= warmEnd) {
                      if (n == l.length) {
                        l = Arrays.copyOf(l, n * 2);
                      }
                      l[n++] = t1 - t0;
                    }
                  }
                } catch (Exception e) {
                  failure.compareAndSet(null, e);
                } finally {
                  lat[id] = l;
                  counts[id] = n;
                  done.countDown();
                }
              },
              "echo-load-" + i);
      t.setDaemon(true);
      t.start();
    }
    done.await();
    for (SSLSocket s : sockets) {
      s.close();
    }
    if (failure.get() != null) {
      throw failure.get();
    }
    int total = 0;
    for (int c : counts) {
      total += c;
    }
    long[] all = new long[total];
    int k = 0;
    for (int i = 0; i < connections; i++) {
      System.arraycopy(lat[i], 0, all, k, counts[i]);
      k += counts[i];
    }
    Arrays.sort(all);
    double seconds = measure.toNanos() / 1e9;
    return new Result(
        total / seconds, all[total / 2] / 1e3, all[(int) Math.min(total - 1, total * 0.99)] / 1e3);
  }

  /** Reads one response: status 200 and a {@value #BODY}-byte body (fixed length or chunked). */
  private static void readEcho(InputStream in) throws IOException {
    String status = line(in);
    if (!status.startsWith("HTTP/1.1 200")) {
      throw new IOException("unexpected answer: " + status);
    }
    int length = -1;
    boolean chunked = false;
    for (String h = line(in); !h.isEmpty(); h = line(in)) {
      String lower = h.toLowerCase(java.util.Locale.ROOT);
      if (lower.startsWith("content-length:")) {
        length = Integer.parseInt(lower.substring(15).trim());
      } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
        chunked = true;
      }
    }
    int got = 0;
    if (chunked) {
      for (int size = Integer.parseInt(line(in).trim(), 16);
          size > 0;
          size = Integer.parseInt(line(in).trim(), 16)) {
        skip(in, size);
        got += size;
        line(in);
      }
      line(in);
    } else {
      skip(in, length);
      got = length;
    }
    if (got != BODY) {
      throw new IOException("echo of " + got + " bytes");
    }
  }

  private static void skip(InputStream in, int n) throws IOException {
    if (in.readNBytes(n).length != n) {
      throw new IOException("connection closed in a body");
    }
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream(64);
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new IOException("connection closed");
      }
      if (c != '\r') {
        b.write(c);
      }
    }
    return b.toString(StandardCharsets.US_ASCII);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
