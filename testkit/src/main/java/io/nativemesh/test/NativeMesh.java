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
package io.nativemesh.test;

import io.nativemesh.consul.ConsulClient;
import io.nativemesh.consul.QueryOptions;
import io.nativemesh.core.MeshException;
import io.nativemesh.core.TrustDomain;
import io.nativemesh.core.model.CaRoots;
import io.nativemesh.server.ConsulServer;
import io.nativemesh.server.DefaultIntentionPolicy;
import io.nativemesh.server.ServerConfig;
import io.nativemesh.test.internal.FaultProxy;
import io.nativemesh.tls.PemDecoder;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A running mesh for one test (or one test class): the companion server in-process on a free
 * loopback port, a management token, the CA key ({@link #ca()}), fake upstream instances and fault
 * injection ({@link #faults()}). Obtain it from {@link NativeMeshExtension} (a test parameter or
 * {@link NativeMeshExtension#mesh()}); closed by the extension.
 *
 * <p>{@link #address()} is what the code under test should use as {@code CONSUL_HTTP_ADDR}: it
 * passes through a relay on which {@link MeshFaults#stallBlockingQueries()} and {@link
 * MeshFaults#breakBlockingQueries()} act. Thread-safe.
 *
 * @since 0.1.0
 */
public final class NativeMesh implements AutoCloseable {
  private final ConsulServer server;
  private final FaultProxy proxy;
  private final String managementToken;
  private final MeshCa ca;
  private final ConsulClient client;
  private final List<FakeUpstream> upstreams = new ArrayList<>();
  private final MeshFaults faults;

  private NativeMesh(ConsulServer server, FaultProxy proxy, String token, MeshCa ca) {
    this.server = server;
    this.proxy = proxy;
    this.managementToken = token;
    this.ca = ca;
    this.client = ConsulClient.builder().address(server.httpUrl()).token(token).build();
    this.faults = new MeshFaults(this, proxy);
  }

  /**
   * Starts a server with the given configuration, plus the testkit's CA key and management token.
   *
   * @param config the configuration to complete (port 0, loopback, dev mode are set here)
   * @param acl whether ACLs are enforced (default policy deny, the management token as initial
   *     management token)
   * @return the running mesh
   * @throws MeshException if the server cannot start
   */
  static NativeMesh start(ServerConfig.Builder config, boolean acl) {
    String token = UUID.randomUUID().toString();
    MeshCa ca = MeshCa.generate();
    config.bindAddress("127.0.0.1").httpPort(0).dev(true).caKeyMaterial(ca.privateKeyPem(), null);
    if (acl) {
      config.acl(true, DefaultIntentionPolicy.DENY, token);
    }
    ConsulServer server;
    try {
      server = ConsulServer.start(config.build());
    } catch (IOException e) {
      throw new MeshException("cannot start the companion server: " + e.getMessage(), e);
    }
    FaultProxy proxy;
    try {
      proxy = new FaultProxy(URI.create(server.httpUrl() + "/"));
    } catch (IOException e) {
      server.close();
      throw new MeshException("cannot start the fault relay: " + e.getMessage(), e);
    }
    NativeMesh mesh = new NativeMesh(server, proxy, token, ca);
    CaRoots roots = ConsulClient.join(mesh.client.connectCa().roots(QueryOptions.NONE)).value();
    ca.bind(
        PemDecoder.certificates(roots.roots().get(0).rootCert()).get(0),
        TrustDomain.parse(roots.trustDomain()),
        server.config().datacenter());
    return mesh;
  }

  /**
   * @return the address for the code under test, {@code http://127.0.0.1:<port>} (through the fault
   *     relay)
   */
  public String address() {
    return proxy.url();
  }

  /**
   * @return the server's own address, bypassing the fault relay
   */
  public String serverAddress() {
    return server.httpUrl();
  }

  /**
   * @return a token with every permission (the initial management token when ACLs are on; sent
   *     harmlessly otherwise)
   */
  public String managementToken() {
    return managementToken;
  }

  /**
   * @return the in-process server
   */
  public ConsulServer server() {
    return server;
  }

  /**
   * @return a Consul client of the server (direct, not through the relay) with the management token
   */
  public ConsulClient client() {
    return client;
  }

  /**
   * @param token a token, or null for anonymous
   * @return a new client of {@link #address()} with that token; close it when done
   */
  public ConsulClient client(String token) {
    return ConsulClient.builder().address(address()).token(token).build();
  }

  /**
   * @return the key of the server's first CA root, to mint leaves
   */
  public MeshCa ca() {
    return ca;
  }

  /**
   * @return fault injection
   */
  public MeshFaults faults() {
    return faults;
  }

  /**
   * A fake instance of {@code service}; call {@link FakeUpstream.Builder#start()}.
   *
   * @param service the service name to register
   * @return the builder
   */
  public FakeUpstream.Builder upstream(String service) {
    return new FakeUpstream.Builder(
        client,
        service,
        u -> {
          synchronized (upstreams) {
            upstreams.add(u);
          }
        });
  }

  /**
   * Allows {@code source} to connect to {@code destination} (an exact L4 intention, upserted).
   *
   * @param source source service or {@code *}
   * @param destination destination service or {@code *}
   */
  public void allow(String source, String destination) {
    intention(source, destination, "allow");
  }

  /**
   * Denies {@code source} to {@code destination} (an exact L4 intention, upserted).
   *
   * @param source source service or {@code *}
   * @param destination destination service or {@code *}
   */
  public void deny(String source, String destination) {
    intention(source, destination, "deny");
  }

  /**
   * Removes the exact intention {@code source → destination}.
   *
   * @param source source service or {@code *}
   * @param destination destination service or {@code *}
   */
  public void removeIntention(String source, String destination) {
    client.intentions().deleteExact(source, destination);
    refreshUpstreams();
  }

  void intention(String source, String destination, String action) {
    client.intentions().upsertExact(source, destination, action, "nativemesh-test");
    refreshUpstreams();
  }

  /** Re-reads roots and intentions in every running fake upstream. */
  public void refreshUpstreams() {
    List<FakeUpstream> copy;
    synchronized (upstreams) {
      copy = List.copyOf(upstreams);
    }
    copy.forEach(FakeUpstream::refresh);
  }

  /**
   * Creates an ACL token whose only rights are those of {@code service}'s service identity ({@code
   * service:write} on it, {@code service:read} and {@code node:read} on all).
   *
   * @param service the service name
   * @return the token's secret
   */
  public String serviceToken(String service) {
    Map<?, ?> t =
        client.write(
            "PUT",
            "/v1/acl/token",
            Map.of(),
            Map.of(
                "Description",
                "nativemesh-test " + service,
                "ServiceIdentities",
                List.of(Map.of("ServiceName", service))),
            Map.class);
    return (String) t.get("SecretID");
  }

  /** Stops the fake upstreams, the relay and the server. */
  @Override
  public void close() {
    List<FakeUpstream> copy;
    synchronized (upstreams) {
      copy = List.copyOf(upstreams);
      upstreams.clear();
    }
    copy.forEach(FakeUpstream::close);
    client.close();
    proxy.close();
    server.close();
  }
}
