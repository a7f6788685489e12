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
package io.nativemesh.samples.greeter;

import io.nativemesh.MeshService;
import io.nativemesh.consul.ConsulClient;
import io.nativemesh.core.ServiceIdentity;
import io.nativemesh.discovery.Endpoint;
import io.nativemesh.discovery.RefusalDiagnostics;
import io.nativemesh.discovery.UpstreamResolver;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import okhttp3.Request;
import okhttp3.Response;

/**
 * A mesh caller with a valid certificate for service {@code intruder} but no intention: its calls
 * to {@code greeting} are refused in the TLS handshake, and the error says which intention (or the
 * default policy) decided.
 */
public final class IntruderClient {
  private IntruderClient() {}

  /**
   * Calls {@code http://greeting/} once as {@code intruder}.
   *
   * @param consul the agent
   * @return the refusal message (or the unexpected answer)
   */
  public static String tryGreeting(ConsulClient consul) {
    try (MeshService mesh = MeshService.builder("intruder").consul(consul).build()) {
      mesh.awaitReady(Duration.ofSeconds(30));
      try (Response r =
          mesh.httpClient()
              .newCall(new Request.Builder().url("http://greeting/").build())
              .execute()) {
        return "UNEXPECTED: intruder got an answer: " + r.code() + " " + r.body().string();
      } catch (IOException e) {
        return "refused: " + e.getMessage();
      }
    }
  }

  /**
   * Calls every passing instance of {@code service} once as {@code intruder}, each dialled by its
   * address (so that every instance, whatever it is built on, shows its own refusal), and explains
   * each outcome the way the SDK's client does.
   *
   * @param consul the agent
   * @param service the service whose instances to try, e.g. {@code name}
   * @return one line per instance: {@code <instance>: refused: <reason>} (or the unexpected answer)
   * @throws IllegalStateException if the catalog does not answer within 30 s
   */
  public static List<String> tryEachInstance(ConsulClient consul, String service) {
    try (MeshService mesh = MeshService.builder("intruder").consul(consul).build()) {
      mesh.awaitReady(Duration.ofSeconds(30));
      ServiceIdentity self = mesh.identity().orElseThrow();
      UpstreamResolver upstreams = mesh.upstreams();
      List<Endpoint> instances =
          upstreams.whenResolved(upstreams.target(service)).get(30, TimeUnit.SECONDS);
      SSLContext tls = SSLContext.getInstance("TLS");
      tls.init(
          new KeyManager[] {mesh.keyManager()}, new TrustManager[] {mesh.trustManager()}, null);
      RefusalDiagnostics why = new RefusalDiagnostics(consul);
      List<String> lines = new ArrayList<>();
      for (Endpoint e : instances) {
        lines.add(e.instanceId() + ": " + tryInstance(tls, why, self, e));
      }
      return lines;
    } catch (GeneralSecurityException | ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot try the instances of " + service + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static String tryInstance(
      SSLContext tls, RefusalDiagnostics why, ServiceIdentity self, Endpoint e) {
    try (Socket plain = new Socket()) {
      plain.connect(e.address(), 5000);
      plain.setSoTimeout(5000);
      // the mesh host name tells our trust manager which service must answer
      SSLSocket s =
          (SSLSocket)
              tls.getSocketFactory().createSocket(plain, e.meshHost(), e.address().getPort(), true);
      s.startHandshake(); // TLS 1.3: the server judges our certificate after our Finished
      OutputStream out = s.getOutputStream();
      out.write(
          ("GET / HTTP/1.1\r\nHost: " + e.service() + "\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      if (s.getInputStream().read() < 0) {
        throw new SSLException("the instance closed the connection after the handshake");
      }
      return "UNEXPECTED: intruder got an answer";
    } catch (IOException x) {
      return why.explain(self, e, x).map(m -> "refused: " + m.getMessage()).orElse("failed: " + x);
    }
  }

  /**
   * @param args none
   */
  public static void main(String[] args) {
    // closed, so that the agent client's HTTP threads do not keep the JVM alive after the answer
    try (ConsulClient consul = ConsulClient.fromEnvironment()) {
      System.out.println("[intruder] " + tryGreeting(consul));
    }
  }
}
