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

import io.nativemesh.tls.MeshState;
import io.nativemesh.tls.MeshStateStore;
import io.nativemesh.tls.MeshTrustManager;
import io.nativemesh.tls.TlsPolicy;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The per-handshake cost of verifying a client: the mesh trust manager (PKIX path validation, SVID
 * profile, intention decision) against the JDK's stock PKIX trust manager (path validation only) on
 * the same chain. Isolates what the SDK adds to a handshake from the handshake's cryptography.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TrustManagerBenchmark {
  private TlsMaterial material;
  private MeshTrustManager mesh;
  private X509TrustManager stock;
  private X509Certificate[] clientChain;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    material = new TlsMaterial();
    MeshState web = material.webState();
    MeshStateStore store = new MeshStateStore();
    store.publish(web);
    mesh = new MeshTrustManager(store, TlsPolicy.DEFAULT);
    clientChain = material.apiState().chain();
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setCertificateEntry("root", web.trust().roots().get(0));
    TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
    tmf.init(ks);
    stock = (X509TrustManager) tmf.getTrustManagers()[0];
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    material.close();
  }

  /** Mesh: validation, SVID profile and intention lookup. */
  @Benchmark
  public Object meshVerifyClient() throws Exception {
    return mesh.verifyClient(clientChain);
  }

  /** JDK stock PKIX trust manager: validation only. */
  @Benchmark
  public X509Certificate[] stockCheckClientTrusted() throws Exception {
    stock.checkClientTrusted(clientChain, "EC");
    return clientChain;
  }
}
