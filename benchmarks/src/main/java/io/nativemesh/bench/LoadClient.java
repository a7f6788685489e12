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
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The load generator of the discovery benchmarks: N blocking connections, one thread each, each
 * sending a {@link EchoServer#MESSAGE}-byte request and waiting for the echoed response in a loop
 * (closed loop, one request in flight per connection); and a bulk upload. Connections are opened
 * (and TLS handshaken) before timing starts; the measured window follows a warm-up on the same
 * connections.
 */
public final class LoadClient {
  /** Opens one connection of a case. */
  @FunctionalInterface
  public interface Connector {
    /**
     * @return a connected socket (for TLS cases: handshaken)
     * @throws IOException if it cannot connect
     */
    Socket open() throws IOException;
  }

  /**
   * One measured window.
   *
   * @param requests completed round trips inside the window
   * @param cpu CPU and wall time of the window
   * @param latenciesNanos every round trip's latency (unsorted)
   */
  public record Window(long requests, CpuMeter.Sample cpu, long[] latenciesNanos) {}

  /**
   * One bulk transfer.
   *
   * @param bytes bytes sent
   * @param cpu CPU and wall time from the first byte to the server's acknowledgement
   */
  public record Bulk(long bytes, CpuMeter.Sample cpu) {}

  private LoadClient() {}

  /**
   * @param connector opens the connections
   * @param connections concurrent connections
   * @param warmup untimed run on the same connections
   * @param measure timed window
   * @param meter CPU accounting
   * @return the window
   * @throws Exception if a connection fails or a response is wrong
   */
  public static Window run(
      Connector connector, int connections, Duration warmup, Duration measure, CpuMeter meter)
      throws Exception {
    List<Socket> sockets = new ArrayList<>();
    List<Worker> workers = new ArrayList<>();
    Phase phase = new Phase();
    try {
      for (int i = 0; i < connections; i++) {
        Socket s = connector.open();
        s.setTcpNoDelay(true);
        sockets.add(s);
        s.getOutputStream().write(EchoServer.MODE_REQUEST_RESPONSE);
        Worker w = new Worker(s, phase);
        workers.add(w);
      }
      workers.forEach(Thread::start);
      Thread.sleep(warmup.toMillis());
      CpuMeter.Sample start = meter.sample();
      phase.value = 1;
      Thread.sleep(measure.toMillis());
      phase.value = 2;
      CpuMeter.Sample end = meter.sample();
      long total = 0;
      for (Worker w : workers) {
        w.join(10_000);
        if (w.failure != null) {
          throw new IOException("connection failed: " + w.failure, w.failure);
        }
        if (w.isAlive()) {
          throw new IOException("a connection did not finish within 10 s of the window's end");
        }
        total += w.count;
      }
      long[] all = new long[(int) total];
      int off = 0;
      for (Worker w : workers) {
        System.arraycopy(w.latencies, 0, all, off, w.count);
        off += w.count;
      }
      return new Window(total, start.until(end), all);
    } finally {
      phase.value = 2;
      for (Socket s : sockets) {
        try {
          s.close();
        } catch (IOException ignored) {
          // closing
        }
      }
    }
  }

  /**
   * Uploads {@code bytes} in 64 KiB writes and waits for the server's acknowledgement.
   *
   * @param connector opens the connection
   * @param bytes how much to send
   * @param meter CPU accounting
   * @return the transfer
   * @throws IOException if it fails or the acknowledged count is wrong
   */
  public static Bulk bulk(Connector connector, long bytes, CpuMeter meter) throws IOException {
    try (Socket s = connector.open()) {
      s.setTcpNoDelay(true);
      DataOutputStream out = new DataOutputStream(s.getOutputStream());
      DataInputStream in = new DataInputStream(s.getInputStream());
      out.write(EchoServer.MODE_BULK);
      out.writeLong(bytes);
      out.flush();
      byte[] chunk = new byte[64 * 1024];
      ThreadLocalRandom.current().nextBytes(chunk);
      CpuMeter.Sample start = meter.sample();
      long sent = 0;
      while (sent < bytes) {
        int n = (int) Math.min(chunk.length, bytes - sent);
        out.write(chunk, 0, n);
        sent += n;
      }
      out.flush();
      long acked = in.readLong();
      CpuMeter.Sample end = meter.sample();
      if (acked != bytes) {
        throw new IOException("server acknowledged " + acked + " of " + bytes + " bytes");
      }
      return new Bulk(bytes, start.until(end));
    }
  }

  /**
   * @param sorted sorted latencies
   * @param q quantile in [0, 1]
   * @return the nearest-rank quantile
   */
  public static long quantile(long[] sorted, double q) {
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
  }

  private static final class Phase {
    volatile int value; // 0 warm-up, 1 measuring, 2 stop
  }

  private static final class Worker extends Thread {
    private final Socket socket;
    private final Phase phase;
    long[] latencies = new long[1 << 16];
    int count;
    volatile Throwable failure;

    Worker(Socket socket, Phase phase) {
      super("load-" + socket.getLocalPort());
      setDaemon(true);
      this.socket = socket;
      this.phase = phase;
    }

    @Override
    public void run() {
      try {
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream();
        byte[] req = new byte[EchoServer.MESSAGE];
        byte[] resp = new byte[EchoServer.MESSAGE];
        ThreadLocalRandom.current().nextBytes(req);
        ByteBuffer seq = ByteBuffer.wrap(req);
        long n = 0;
        while (true) {
          int p = phase.value;
          if (p == 2) {
            return;
          }
          seq.putLong(0, n++);
          long t0 = System.nanoTime();
          out.write(req);
          out.flush();
          if (!EchoServer.readFully(in, resp, EchoServer.MESSAGE)) {
            throw new IOException("server closed the connection");
          }
          long t1 = System.nanoTime();
          if (!Arrays.equals(req, resp)) {
            throw new IOException("response differs from the request");
          }
          if (p == 1 && phase.value == 1) {
            if (count == latencies.length) {
              latencies = Arrays.copyOf(latencies, count * 2);
            }
            latencies[count++] = t1 - t0;
          }
        }
      } catch (Throwable t) {
        if (phase.value != 2) {
          failure = t;
        }
      }
    }
  }
}
