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
package io.nativemesh.cli.internal;

import io.nativemesh.consul.ConsulClient;
import io.nativemesh.core.InvalidConfigurationException;
import io.nativemesh.core.MeshException;
import io.nativemesh.tls.PemDecoder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * Options every command takes, named as Consul's CLI names them; defaults come from Consul's
 * environment variables ({@link #defaults(Map)}).
 */
public final class GlobalOptions {
  /** Output format. */
  public enum Format {
    /** for a person */
    text,
    /** for scripts */
    json
  }

  @Option(
      names = {"-http-addr", "--http-addr"},
      paramLabel = "ADDR",
      description =
          "Agent or companion server: host:port, http://host:port or https://host:port"
              + " (CONSUL_HTTP_ADDR; default 127.0.0.1:8500)")
  String httpAddr;

  @Option(
      names = {"-token", "--token"},
      paramLabel = "TOKEN",
      description = "ACL token (CONSUL_HTTP_TOKEN)")
  String token;

  @Option(
      names = {"-ca-file", "--ca-file"},
      paramLabel = "PEM",
      description = "CA certificate(s) to verify the agent's HTTPS certificate (CONSUL_CACERT)")
  Path caFile;

  @Option(
      names = {"-format", "--format"},
      paramLabel = "FORMAT",
      description = "Output: text or json (default text)")
  Format format = Format.text;

  @Option(
      names = {"-probe-wait", "--probe-wait"},
      paramLabel = "MILLIS",
      description = "How long a probe handshake waits for the instance to refuse us (default 800)")
  long probeWaitMillis = 800;

  /**
   * @param env the environment
   * @return defaults of {@code -http-addr}, {@code -token} and {@code -ca-file} from {@code
   *     CONSUL_HTTP_ADDR} (with {@code CONSUL_HTTP_SSL=true} meaning https), {@code
   *     CONSUL_HTTP_TOKEN}, {@code CONSUL_CACERT}
   */
  public static IDefaultValueProvider defaults(Map<String, String> env) {
    return (ArgSpec arg) -> {
      if (!(arg instanceof OptionSpec o)) {
        return null;
      }
      switch (o.longestName()) {
        case "--http-addr":
          String a = env.get("CONSUL_HTTP_ADDR");
          if (a != null
              && !a.isBlank()
              && !a.contains("://")
              && "true".equalsIgnoreCase(env.get("CONSUL_HTTP_SSL"))) {
            a = "https://" + a;
          }
          return a == null || a.isBlank() ? "127.0.0.1:8500" : a.trim();
        case "--token":
          return env.get("CONSUL_HTTP_TOKEN");
        case "--ca-file":
          return env.get("CONSUL_CACERT");
        default:
          return null;
      }
    };
  }

  /**
   * @return true for JSON output
   */
  public boolean json() {
    return format == Format.json;
  }

  /**
   * @return how long a probe waits for a refusal
   */
  public Duration probeWait() {
    return Duration.ofMillis(probeWaitMillis);
  }

  /**
   * @return the token, or null
   */
  public String token() {
    return token;
  }

  /**
   * @return a client of the agent with the token (and the CA file for HTTPS)
   * @throws InvalidConfigurationException if the address or CA file is unusable
   */
  public ConsulClient client() {
    return client(httpAddr == null ? "127.0.0.1:8500" : httpAddr);
  }

  /**
   * @param address one server, or a comma-separated list as {@code -http-addr} takes
   * @return a client of that server with the token (and the CA file for HTTPS)
   * @throws InvalidConfigurationException if the address or CA file is unusable
   */
  public ConsulClient client(String address) {
    ConsulClient.Builder b =
        ConsulClient.builder().address(address).token(token).requestTimeout(Duration.ofSeconds(10));
    if (caFile != null) {
      b.httpClient(httpsClient(caFile));
    }
    return b.build();
  }

  private static OkHttpClient httpsClient(Path caFile) {
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      int i = 0;
      for (X509Certificate c :
          PemDecoder.certificates(Files.readString(caFile, StandardCharsets.US_ASCII))) {
        ks.setCertificateEntry("ca-" + i++, c);
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ks);
      X509TrustManager tm = (X509TrustManager) tmf.getTrustManagers()[0];
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, new X509TrustManager[] {tm}, null);
      return new OkHttpClient.Builder()
          .sslSocketFactory(ctx.getSocketFactory(), tm)
          .readTimeout(Duration.ZERO)
          .build();
    } catch (IOException | GeneralSecurityException | MeshException e) {
      // MeshException: no certificate, or a malformed one, in the file
      throw new InvalidConfigurationException(
          "cannot use -ca-file " + caFile + ": " + e.getMessage());
    }
  }
}
