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
package io.nativemesh.gossip.internal;

import java.io.Closeable;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * UDP socket and TCP listener on one port (memberlist's {@code NetTransport}). One thread reads
 * packets, one accepts streams; streams are served by a bounded pool (128, like memberlist's
 * push/pull limit; excess connections are closed). Thread-safe.
 */
public final class Transport implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(Transport.class);
  private static final int MAX_STREAMS = 128;
  private final DatagramSocket udp;
  private final ServerSocket tcp;
  private final Stats stats;
  private final double loss;
  private final ExecutorService streamPool;
  private volatile boolean closed;

  /**
   * Binds UDP and TCP to the same port ({@code port == 0}: a free one) and starts the reader
   * threads.
   *
   * @param onPacket called on the reader thread with each datagram and its source
   * @param onStream called on a pool thread with each accepted connection (the callee closes it)
   * @throws IOException if the port cannot be bound
   */
  public Transport(
      String name,
      InetAddress bind,
      int port,
      Stats stats,
      double loss,
      BiConsumer<byte[], InetSocketAddress> onPacket,
      Consumer<Socket> onStream)
      throws IOException {
    this.stats = stats;
    this.loss = loss;
    IOException last = null;
    ServerSocket t = null;
    DatagramSocket u = null;
    for (int attempt = 0; attempt < (port == 0 ? 20 : 1) && u == null; attempt++) {
      try {
        t = new ServerSocket();
        t.setReuseAddress(true);
        t.bind(new InetSocketAddress(bind, port), 256);
        u = new DatagramSocket(null);
        u.bind(new InetSocketAddress(bind, t.getLocalPort()));
      } catch (IOException e) {
        last = e;
        if (t != null) {
          t.close();
        }
        u = null;
      }
    }
    if (u == null) {
      throw last != null ? last : new IOException("cannot bind");
    }
    this.udp = u;
    this.tcp = t;
    try {
      udp.setReceiveBufferSize(2 * 1024 * 1024);
    } catch (SocketException e) {
      LOG.debug("cannot set UDP receive buffer", e);
    }
    this.streamPool =
        new ThreadPoolExecutor(
            0,
            MAX_STREAMS,
            30,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            r -> daemon(r, "gossip-stream-" + name));
    daemon(() -> readLoop(onPacket), "gossip-udp-" + name).start();
    daemon(() -> acceptLoop(onStream), "gossip-tcp-" + name).start();
  }

  static Thread daemon(Runnable r, String name) {
    Thread th = new Thread(r, name);
    th.setDaemon(true);
    return th;
  }

  public int port() {
    return udp.getLocalPort();
  }

  public InetAddress localAddress() {
    return udp.getLocalAddress();
  }

  private void readLoop(BiConsumer<byte[], InetSocketAddress> onPacket) {
    byte[] buf = new byte[65536];
    while (!closed) {
      DatagramPacket p = new DatagramPacket(buf, buf.length);
      try {
        udp.receive(p);
      } catch (IOException e) {
        if (!closed) {
          LOG.warn("UDP receive failed", e);
        }
        continue;
      }
      stats.udpPacketsReceived.incrementAndGet();
      byte[] data = Arrays.copyOfRange(p.getData(), p.getOffset(), p.getOffset() + p.getLength());
      try {
        onPacket.accept(data, (InetSocketAddress) p.getSocketAddress());
      } catch (RuntimeException e) {
        stats.drop(DropReason.MALFORMED);
        LOG.warn("packet handler failed", e);
      }
    }
  }

  private void acceptLoop(Consumer<Socket> onStream) {
    while (!closed) {
      Socket s;
      try {
        s = tcp.accept();
      } catch (IOException e) {
        if (!closed) {
          LOG.warn("TCP accept failed", e);
        }
        continue;
      }
      try {
        streamPool.execute(
            () -> {
              try (s) {
                onStream.accept(s);
              } catch (IOException | RuntimeException e) {
                LOG.debug("stream handler failed", e);
              }
            });
      } catch (RejectedExecutionException e) {
        LOG.warn("too many concurrent streams, closing {}", s.getRemoteSocketAddress());
        try {
          s.close();
        } catch (IOException ignored) {
          // closing anyway
        }
      }
    }
  }

  /** Sends one datagram (subject to the configured loss); errors are logged, not thrown. */
  public void send(InetSocketAddress to, byte[] packet) {
    if (closed) {
      return;
    }
    if (loss > 0 && ThreadLocalRandom.current().nextDouble() < loss) {
      return;
    }
    try {
      udp.send(new DatagramPacket(packet, packet.length, to));
      stats.udpPacketsSent.incrementAndGet();
      stats.udpBytesSent.addAndGet(packet.length);
    } catch (IOException e) {
      LOG.debug("UDP send to {} failed: {}", to, e.toString());
    }
  }

  /** Opens a TCP connection with a connect and read timeout. */
  public Socket dial(InetSocketAddress to, long timeoutMillis) throws IOException {
    Socket s = new Socket();
    try {
      s.connect(to, (int) Math.max(1, timeoutMillis));
      s.setSoTimeout((int) Math.max(1, timeoutMillis));
      s.setTcpNoDelay(true);
      return s;
    } catch (IOException e) {
      s.close();
      throw e;
    }
  }

  @Override
  public void close() {
    closed = true;
    udp.close();
    try {
      tcp.close();
    } catch (IOException ignored) {
      // closing
    }
    streamPool.shutdownNow();
  }
}
