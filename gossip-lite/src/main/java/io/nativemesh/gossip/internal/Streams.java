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

import io.nativemesh.gossip.Keyring;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * memberlist's TCP stream protocol (net.go): one message per short-lived connection, optionally
 * label-prefixed, encrypted ({@code [10][len u32][payload]}, AAD = those 5 bytes + label) and/or
 * LZW-compressed ({@code [9]{Algo, Buf}} inside the encryption). Serves push/pull, TCP pings and
 * reliable user messages, and initiates them. Thread-safe.
 */
public final class Streams {
  private static final Logger LOG = LoggerFactory.getLogger(Streams.class);

  /** memberlist's {@code maxPushStateBytes}. */
  public static final int MAX_STREAM_BYTES = 20 * 1024 * 1024;

  private static final int MAX_PUSH_NODES = 1 << 20;

  private final String localName;
  private final Envelope envelope;
  private final Keyring keyring;
  private final Membership membership;
  private final Stats stats;
  private final Transport transport;
  private final long tcpTimeoutMillis;
  private final boolean compress;
  private final Consumer<byte[]> userMessages;

  /** A decoded stream message: its type and a reader positioned after the type byte. */
  record StreamMessage(int type, MsgpackReader reader) {}

  public Streams(
      String localName,
      Envelope envelope,
      Keyring keyring,
      Membership membership,
      Stats stats,
      Transport transport,
      long tcpTimeoutMillis,
      boolean compress,
      Consumer<byte[]> userMessages) {
    this.localName = localName;
    this.envelope = envelope;
    this.keyring = keyring;
    this.membership = membership;
    this.stats = stats;
    this.transport = transport;
    this.tcpTimeoutMillis = tcpTimeoutMillis;
    this.compress = compress;
    this.userMessages = userMessages;
  }

  /** Serves one inbound connection; the caller closes the socket. */
  public void serve(Socket conn) throws IOException {
    conn.setSoTimeout((int) tcpTimeoutMillis);
    InputStream in = new BufferedInputStream(conn.getInputStream());
    StreamMessage m;
    try {
      m = read(in);
      if (m == null) {
        return; // connection closed without data
      }
    } catch (WireFormatException e) {
      stats.drop(e.reason());
      LOG.debug("dropping stream from {}: {}", conn.getRemoteSocketAddress(), e.getMessage());
      trySendError(conn, e.getMessage());
      return;
    } catch (EOFException e) {
      stats.drop(DropReason.TRUNCATED);
      return;
    }
    try {
      switch (m.type()) {
        case MessageType.USER -> readUserMsg(m.reader());
        case MessageType.PUSH_PULL -> {
          RemoteState remote = readRemoteState(m.reader());
          sendLocalState(conn.getOutputStream(), remote.join());
          merge(remote);
        }
        case MessageType.PING -> {
          Messages.Ping p = Messages.Ping.decode(m.reader().readMap());
          if (!p.node().isEmpty() && !p.node().equals(localName)) {
            LOG.debug("TCP ping for unexpected node {}", p.node());
            return;
          }
          write(conn.getOutputStream(), new Messages.Ack(p.seqNo(), null).encode());
        }
        default -> {
          stats.drop(DropReason.UNKNOWN_TYPE);
          LOG.debug("unknown stream message type {}", m.type());
        }
      }
    } catch (WireFormatException e) {
      stats.drop(e.reason());
      LOG.debug("bad stream from {}: {}", conn.getRemoteSocketAddress(), e.getMessage());
    } catch (EOFException e) {
      stats.drop(DropReason.TRUNCATED);
    }
  }

  private void trySendError(Socket conn, String msg) {
    try {
      write(conn.getOutputStream(), new Messages.ErrResp(msg).encode());
    } catch (IOException | RuntimeException ignored) {
      // best effort
    }
  }

  /** Reads the framing of one stream message; null on immediate EOF. */
  StreamMessage read(InputStream in) throws IOException {
    int type = in.read();
    if (type < 0) {
      return null;
    }
    if (type == MessageType.HAS_LABEL) {
      int n = in.read();
      if (n <= 0) {
        throw new WireFormatException(DropReason.TRUNCATED, "truncated label header");
      }
      byte[] label = in.readNBytes(n);
      if (label.length != n) {
        throw new WireFormatException(DropReason.TRUNCATED, "truncated label");
      }
      envelope.checkLabel(label);
      type = in.read();
      if (type < 0) {
        throw new WireFormatException(DropReason.TRUNCATED, "no message after label");
      }
    } else {
      envelope.checkLabel(null);
    }
    InputStream body = in;
    long limit = MAX_STREAM_BYTES;
    if (type == MessageType.ENCRYPT) {
      if (keyring == null) {
        throw new WireFormatException(
            DropReason.UNEXPECTED_ENCRYPTION, "stream is encrypted, no keyring");
      }
      byte[] header = new byte[5];
      header[0] = (byte) MessageType.ENCRYPT;
      if (in.readNBytes(header, 1, 4) != 4) {
        throw new WireFormatException(DropReason.TRUNCATED, "truncated encrypted stream header");
      }
      long len =
          ((header[1] & 0xffL) << 24)
              | ((header[2] & 0xffL) << 16)
              | ((header[3] & 0xffL) << 8)
              | (header[4] & 0xffL);
      if (len > MAX_STREAM_BYTES) {
        throw new WireFormatException(
            DropReason.OVERSIZED, "encrypted stream of " + len + " bytes");
      }
      byte[] payload = in.readNBytes((int) len);
      if (payload.length != len) {
        throw new WireFormatException(DropReason.TRUNCATED, "truncated encrypted stream");
      }
      byte[] plain = Encryption.decrypt(keyring.keys(), payload, aad(header));
      if (plain.length == 0) {
        throw new WireFormatException(DropReason.TRUNCATED, "empty decrypted stream");
      }
      type = plain[0] & 0xff;
      body = new ByteArrayInputStream(plain, 1, plain.length - 1);
      limit = plain.length;
    } else if (keyring != null) {
      throw new WireFormatException(
          DropReason.DECRYPT_FAILED, "encryption required but stream is plaintext");
    }
    MsgpackReader reader = new MsgpackReader(body, limit);
    if (type == MessageType.COMPRESS) {
      Messages.Compress c = Messages.Compress.decode(reader.readMap());
      if (c.algo() != 0) {
        throw new WireFormatException("unknown compression algorithm " + c.algo());
      }
      byte[] d = Lzw.decode(c.buf(), Lzw.MAX_DECOMPRESSED);
      if (d.length == 0) {
        throw new WireFormatException(DropReason.TRUNCATED, "empty decompressed stream");
      }
      type = d[0] & 0xff;
      reader = new MsgpackReader(new ByteArrayInputStream(d, 1, d.length - 1), d.length);
    }
    return new StreamMessage(type, reader);
  }

  private byte[] aad(byte[] header) {
    byte[] label = envelope.label();
    byte[] a = new byte[header.length + label.length];
    System.arraycopy(header, 0, a, 0, header.length);
    System.arraycopy(label, 0, a, header.length, label.length);
    return a;
  }

  /**
   * Writes one stream message: LZW-compressed (always, as memberlist), then encrypted and labelled
   * as configured.
   */
  void write(OutputStream out, byte[] msg) throws IOException {
    if (compress) {
      msg = new Messages.Compress(0, Lzw.encode(msg)).encode();
    }
    byte[] data = msg;
    if (keyring != null) {
      int len = Encryption.overhead() + msg.length;
      byte[] header = {
        (byte) MessageType.ENCRYPT,
        (byte) (len >>> 24),
        (byte) (len >>> 16),
        (byte) (len >>> 8),
        (byte) len
      };
      byte[] ct = Encryption.encrypt(1, keyring.primaryKey(), msg, aad(header));
      data = new byte[5 + ct.length];
      System.arraycopy(header, 0, data, 0, 5);
      System.arraycopy(ct, 0, data, 5, ct.length);
    }
    data = envelope.withLabel(data);
    out.write(data);
    out.flush();
    stats.tcpBytesSent.addAndGet(data.length);
  }

  record RemoteState(boolean join, List<Messages.PushNodeState> nodes) {}

  private RemoteState readRemoteState(MsgpackReader r) throws IOException {
    Messages.PushPullHeader h = Messages.PushPullHeader.decode(r.readMap());
    if (h.nodes() < 0 || h.nodes() > MAX_PUSH_NODES) {
      throw new WireFormatException(DropReason.OVERSIZED, "push/pull with " + h.nodes() + " nodes");
    }
    List<Messages.PushNodeState> nodes = new ArrayList<>((int) Math.min(h.nodes(), 4096));
    for (int i = 0; i < h.nodes(); i++) {
      nodes.add(Messages.PushNodeState.decode(r.readMap()));
    }
    if (h.userStateLen() < 0 || h.userStateLen() > MAX_STREAM_BYTES) {
      throw new WireFormatException(
          DropReason.OVERSIZED, "user state of " + h.userStateLen() + " bytes");
    }
    if (h.userStateLen() > 0) {
      r.readRaw((int) h.userStateLen()); // no delegate state in gossip-lite: read and ignore
    }
    return new RemoteState(h.join(), nodes);
  }

  private void sendLocalState(OutputStream out, boolean join) throws IOException {
    List<Messages.PushNodeState> local = membership.localState();
    MsgpackWriter w = new MsgpackWriter(new ByteArrayOutputStream(64 + local.size() * 96));
    w.rawByte(MessageType.PUSH_PULL);
    new Messages.PushPullHeader(local.size(), 0, join).encode(w);
    for (Messages.PushNodeState n : local) {
      n.encode(w);
    }
    write(out, w.toByteArray());
  }

  private void merge(RemoteState remote) throws WireFormatException {
    for (Messages.PushNodeState n : remote.nodes()) {
      if (n.meta() != null && n.meta().length > Messages.META_MAX_SIZE) {
        throw new WireFormatException(
            DropReason.OVERSIZED, "meta of " + n.name() + " above 512 bytes");
      }
    }
    String err = membership.verifyProtocol(remote.nodes());
    if (err != null) {
      throw new WireFormatException("incompatible protocol versions: " + err);
    }
    membership.mergeState(remote.nodes());
  }

  private void readUserMsg(MsgpackReader r) throws IOException {
    Map<String, Object> h = r.readMap();
    long len = Messages.lng(h, "UserMsgLen");
    if (len < 0 || len > MAX_STREAM_BYTES) {
      throw new WireFormatException(DropReason.OVERSIZED, "user message of " + len + " bytes");
    }
    if (len > 0) {
      userMessages.accept(r.readRaw((int) len));
    }
  }

  /** Push/pull with {@code to}: send our state, read and merge theirs. */
  public void pushPull(InetSocketAddress to, boolean join) throws IOException {
    try (Socket s = transport.dial(to, tcpTimeoutMillis)) {
      sendLocalState(s.getOutputStream(), join);
      StreamMessage m = read(new BufferedInputStream(s.getInputStream()));
      if (m == null) {
        throw new EOFException("no push/pull reply from " + to);
      }
      if (m.type() == MessageType.ERR) {
        throw new IOException("remote error: " + Messages.str(m.reader().readMap(), "Error"));
      }
      if (m.type() != MessageType.PUSH_PULL) {
        throw new WireFormatException(
            DropReason.UNKNOWN_TYPE, "expected push/pull, got " + m.type());
      }
      merge(readRemoteState(m.reader()));
    }
  }

  /**
   * TCP fallback ping; true if the target acked with the same sequence number before the deadline.
   */
  public boolean tcpPing(InetSocketAddress to, Messages.Ping ping, long timeoutMillis) {
    if (timeoutMillis <= 0) {
      return false;
    }
    try (Socket s = transport.dial(to, timeoutMillis)) {
      write(s.getOutputStream(), ping.encode());
      StreamMessage m = read(new BufferedInputStream(s.getInputStream()));
      if (m == null || m.type() != MessageType.ACK) {
        return false;
      }
      return Messages.Ack.decode(m.reader().readMap()).seqNo() == ping.seqNo();
    } catch (IOException e) {
      LOG.debug("TCP ping to {} failed: {}", to, e.toString());
      return false;
    }
  }

  /** Sends a reliable user message ({@code [8]{UserMsgLen} raw}). */
  public void sendUser(InetSocketAddress to, byte[] payload) throws IOException {
    MsgpackWriter w = new MsgpackWriter();
    w.rawByte(MessageType.USER).mapHeader(1).string("UserMsgLen").uint(payload.length);
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write(w.toByteArray());
    b.write(payload);
    try (Socket s = transport.dial(to, tcpTimeoutMillis)) {
      write(s.getOutputStream(), b.toByteArray());
    }
  }

  static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
