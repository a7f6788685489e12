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

import java.nio.ByteBuffer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

/**
 * Drives a client and a server {@link SSLEngine} against each other in memory (no sockets), so a
 * benchmark measures TLS CPU cost alone: handshakes and record protection.
 */
final class EnginePair {
  final SSLEngine client;
  final SSLEngine server;
  private final ByteBuffer c2s;
  private final ByteBuffer s2c;
  private final ByteBuffer clientApp;
  private final ByteBuffer serverApp;
  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

  EnginePair(SSLEngine client, SSLEngine server) {
    this.client = client;
    this.server = server;
    int net =
        Math.max(
                client.getSession().getPacketBufferSize(),
                server.getSession().getPacketBufferSize())
            * 4;
    int app =
        Math.max(
                client.getSession().getApplicationBufferSize(),
                server.getSession().getApplicationBufferSize())
            * 2;
    c2s = ByteBuffer.allocate(net);
    s2c = ByteBuffer.allocate(net);
    clientApp = ByteBuffer.allocate(app);
    serverApp = ByteBuffer.allocate(app);
  }

  /** Runs the handshake to completion; throws if either side fails or it does not converge. */
  void handshake() throws SSLException {
    client.beginHandshake();
    server.beginHandshake();
    for (int i = 0; i < 200; i++) {
      boolean progress = step(client, server, c2s, s2c, clientApp);
      progress |= step(server, client, s2c, c2s, serverApp);
      if (done(client) && done(server) && c2s.position() == 0 && s2c.position() == 0) {
        return;
      }
      if (!progress && done(client) && done(server)) {
        return;
      }
    }
    throw new SSLException(
        "handshake did not converge: client "
            + client.getHandshakeStatus()
            + ", server "
            + server.getHandshakeStatus());
  }

  private static boolean done(SSLEngine e) {
    HandshakeStatus h = e.getHandshakeStatus();
    return h == HandshakeStatus.NOT_HANDSHAKING || h == HandshakeStatus.FINISHED;
  }

  /** One step of {@code self}: consume what the peer sent, then produce what it has to send. */
  private static boolean step(
      SSLEngine self, SSLEngine peer, ByteBuffer out, ByteBuffer in, ByteBuffer app)
      throws SSLException {
    boolean progress = false;
    in.flip();
    while (in.hasRemaining()) {
      SSLEngineResult r = self.unwrap(in, app);
      runTasks(self);
      if (r.bytesConsumed() == 0 && r.bytesProduced() == 0) {
        break;
      }
      progress = true;
    }
    in.compact();
    app.clear();
    while (true) {
      SSLEngineResult r = self.wrap(EMPTY, out);
      runTasks(self);
      if (r.bytesProduced() == 0) {
        break;
      }
      progress = true;
      if (r.getHandshakeStatus() != HandshakeStatus.NEED_WRAP) {
        break;
      }
    }
    return progress;
  }

  private static void runTasks(SSLEngine e) {
    Runnable t;
    while ((t = e.getDelegatedTask()) != null) {
      t.run();
    }
  }

  /**
   * Sends {@code request} client→server and {@code response} server→client. Records that are not
   * application data (e.g. TLS 1.3 session tickets sent after the handshake) are consumed on the
   * way.
   *
   * @return bytes the client received
   */
  int roundTrip(ByteBuffer request, ByteBuffer response) throws SSLException {
    request.rewind();
    response.rewind();
    serverApp.clear();
    client.wrap(request, c2s);
    drain(server, c2s, serverApp, request.limit());
    clientApp.clear();
    server.wrap(response, s2c);
    drain(client, s2c, clientApp, response.limit());
    return clientApp.position();
  }

  /** Unwraps everything in {@code net} until {@code expected} application bytes arrived. */
  private static void drain(SSLEngine e, ByteBuffer net, ByteBuffer app, int expected)
      throws SSLException {
    net.flip();
    while (net.hasRemaining() && app.position() < expected) {
      SSLEngineResult r = e.unwrap(net, app);
      runTasks(e);
      if (r.bytesConsumed() == 0) {
        break;
      }
    }
    net.compact();
    if (app.position() != expected) {
      throw new SSLException("received " + app.position() + " of " + expected + " bytes");
    }
  }
}
