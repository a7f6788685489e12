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
package io.nativemesh.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Presents the current leaf in every handshake, on both sides, without ever being replaced.
 *
 * <p>The alias is versioned, {@code mesh-<generation>}: TLS engines (JSSE and Netty/OpenSSL) ask
 * for the alias, then the key, then the chain in separate calls, and a fixed alias could pair a new
 * key with an old chain when a rotation lands in between (grpc-java #12485). The previous
 * generation stays resolvable; older ones return null. Within a generation the same key and chain
 * objects are returned.
 *
 * <p>Thread-safe and lock-free: it reads {@link MeshStateStore}'s volatile snapshot.
 *
 * @since 0.1.0
 */
public final class MeshKeyManager extends X509ExtendedKeyManager {
  /** Prefix of every alias this key manager hands out. */
  public static final String ALIAS_PREFIX = "mesh-";

  private final MeshStateStore store;

  /**
   * @param store the state to read
   */
  public MeshKeyManager(MeshStateStore store) {
    this.store = store;
  }

  /**
   * @param generation a generation
   * @return its alias
   */
  public static String alias(long generation) {
    return ALIAS_PREFIX + generation;
  }

  private String aliasFor(String keyType) {
    MeshState s = store.current();
    if (s == null || keyType == null) {
      return null;
    }
    String alg = s.privateKey().getAlgorithm(); // "EC" or "RSA"
    if (keyType.equals(alg)
        || keyType.startsWith(alg + "_")
        || ("EC".equals(alg) && keyType.equals("ECDSA"))) {
      return alias(s.generation());
    }
    return null;
  }

  private String aliasFor(String[] keyTypes) {
    if (keyTypes == null) {
      return null;
    }
    for (String k : keyTypes) {
      String a = aliasFor(k);
      if (a != null) {
        return a;
      }
    }
    return null;
  }

  private MeshState stateOf(String alias) {
    if (alias == null || !alias.startsWith(ALIAS_PREFIX)) {
      return null;
    }
    try {
      return store.forGeneration(Long.parseLong(alias.substring(ALIAS_PREFIX.length())));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    String a = aliasFor(keyType);
    return a == null ? null : new String[] {a};
  }

  @Override
  public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
    return aliasFor(keyType);
  }

  @Override
  public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
    return aliasFor(keyType);
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    String a = aliasFor(keyType);
    return a == null ? null : new String[] {a};
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    return aliasFor(keyType);
  }

  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    return aliasFor(keyType);
  }

  /**
   * @return the chain of that alias's generation (the same array for every call), or null
   */
  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    MeshState s = stateOf(alias);
    return s == null ? null : s.chain();
  }

  /**
   * @return the key of that alias's generation, or null
   */
  @Override
  public PrivateKey getPrivateKey(String alias) {
    MeshState s = stateOf(alias);
    return s == null ? null : s.privateKey();
  }
}
