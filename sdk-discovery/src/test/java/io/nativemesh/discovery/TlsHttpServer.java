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
package io.nativemesh.discovery;

import io.nativemesh.tls.CertificateInfo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A minimal HTTP/1.1 server over a mesh {@link SSLContext} on 127.0.0.1 for tests. Each request is
 * recorded as {@code "<METHOD> <path> from <peer SPIFFE ID>"}; then, by {@link Mode}, it is
 * answered {@code 200 "<name>"}, dropped (connection closed with no response) or left hanging.
 */
public final class TlsHttpServer extends TlsTestServer {
  /** What the server does with a request. */
  public enum Mode {
    ANSWER,
    DROP,
    HANG
  }

  private final String name;
  private final Mode mode;
  private final List<String> requests = new CopyOnWriteArrayList<>();

  /**
   * @param name the body of its answers
   * @param context the server's mesh TLS context
   * @param mode what to do with requests
   * @throws IOException if it cannot listen
   */
  public TlsHttpServer(String name, SSLContext context, Mode mode) throws IOException {
    super(
        context
            .getServerSocketFactory()
            .createServerSocket(0, 50, InetAddress.getLoopbackAddress()));
    this.name = name;
    this.mode = mode;
    start();
  }

  @Override
  protected void serve(Socket socket) {
    SSLSocket s = (SSLSocket) socket;
    try {
      s.startHandshake();
      String peer =
          CertificateInfo.uriSans((X509Certificate) s.getSession().getPeerCertificates()[0]).get(0);
      InputStream in = s.getInputStream();
      OutputStream out = s.getOutputStream();
      for (String head = readHead(in); head != null; head = readHead(in)) {
        String[] lines = head.split("\r\n");
        String[] start = lines[0].split(" ");
        int length = 0;
        for (String l : lines) {
          if (l.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
            length = Integer.parseInt(l.substring(15).trim());
          }
        }
        in.readNBytes(length);
        requests.add(start[0] + " " + start[1] + " from " + peer);
        if (mode == Mode.DROP) {
          s.close();
          return;
        }
        if (mode == Mode.HANG) {
          in.read(); // until the client gives up
          s.close();
          return;
        }
        byte[] body = name.getBytes(StandardCharsets.UTF_8);
        out.write(
            ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: "
                    + body.length
                    + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
      }
      s.close();
    } catch (IOException | RuntimeException e) {
      // refused handshakes and client disconnects end here
    }
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int matched = 0;
    for (int c = in.read(); c >= 0; c = in.read()) {
      b.write(c);
      matched =
          (c == '\r' && matched % 2 == 0) || (c == '\n' && matched % 2 == 1)
              ? matched + 1
              : (c == '\r' ? 1 : 0);
      if (matched == 4) {
        return b.toString(StandardCharsets.US_ASCII);
      }
    }
    return null;
  }

  /**
   * @return requests received, {@code "<METHOD> <path> from <peer>"}
   */
  public List<String> requests() {
    return requests;
  }
}
