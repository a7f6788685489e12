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
package io.nativemesh.server.internal.agent;

import java.net.Socket;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A check's {@code TLSSkipVerify} (Consul: Go's {@code InsecureSkipVerify}): any certificate, for
 * any host name, is accepted, because the check's owner asked for it. Extended, so that the JDK
 * does not wrap it in its own host name check. Used by HTTPS and gRPC-over-TLS checks. Stateless
 * and thread-safe.
 */
final class SkipVerifyTrustManager extends X509ExtendedTrustManager {
  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket s) {
    // TLSSkipVerify
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket s) {
    // TLSSkipVerify
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine e) {
    // TLSSkipVerify
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine e) {
    // TLSSkipVerify
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) {
    // TLSSkipVerify
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) {
    // TLSSkipVerify
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return new X509Certificate[0];
  }
}
