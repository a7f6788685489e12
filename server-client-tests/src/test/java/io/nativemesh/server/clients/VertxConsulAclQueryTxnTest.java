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
package io.nativemesh.server.clients;

import static io.nativemesh.server.clients.VertxAclFixture.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nativemesh.server.ConsulServer;
import io.vertx.core.Vertx;
import io.vertx.ext.consul.ConsulClient;
import io.vertx.ext.consul.PreparedQueryDefinition;
import io.vertx.ext.consul.PreparedQueryExecuteResponse;
import io.vertx.ext.consul.Service;
import io.vertx.ext.consul.ServiceOptions;
import io.vertx.ext.consul.TxnError;
import io.vertx.ext.consul.TxnKVOperation;
import io.vertx.ext.consul.TxnKVVerb;
import io.vertx.ext.consul.TxnRequest;
import io.vertx.ext.consul.TxnResponse;
import io.vertx.ext.consul.TxnServiceOperation;
import io.vertx.ext.consul.TxnServiceVerb;
import io.vertx.ext.consul.connect.ConnectOptions;
import io.vertx.ext.consul.connect.ProxyOptions;
import io.vertx.ext.consul.connect.SidecarServiceOptions;
import io.vertx.ext.consul.connect.UpstreamOptions;
import io.vertx.ext.consul.policy.AclPolicy;
import io.vertx.ext.consul.token.AclToken;
import io.vertx.ext.consul.token.PolicyLink;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * io.vertx:vertx-consul-client against the companion server with ACLs on: ACL policies and tokens
 * linking them (rules enforced for the new token), prepared queries, a transaction with a service
 * operation beside KV and a Connect sidecar registration, all through the library's public API.
 */
class VertxConsulAclQueryTxnTest {
  static final String ROOT = "9b1c2d3e-4f50-4a61-8b72-9c83d4e5f607";
  static ConsulServer server;
  static Vertx vertx;
  static ConsulClient root;

  @BeforeAll
  static void start() throws Exception {
    server = VertxAclFixture.server("vx-acl", ROOT, null);
    vertx = Vertx.vertx();
    root = VertxAclFixture.client(vertx, server, ROOT);
  }

  @AfterAll
  static void stop() throws Exception {
    root.close();
    get(vertx.close());
    server.close();
  }

  @Test
  void policiesAndTokensEnforceRules() throws Exception {
    String id =
        get(
            root.createAclPolicy(
                new AclPolicy()
                    .setName("vx-kv")
                    .setDescription("kv under vx/")
                    .setRules("key_prefix \"vx/\" { policy = \"write\" }")));
    assertEquals("vx-kv", get(root.readPolicy(id)).getName());
    assertEquals(id, get(root.readPolicyByName("vx-kv")).getId());
    assertTrue(get(root.getAclPolicies()).stream().anyMatch(p -> p.getName().equals("vx-kv")));
    AclToken token =
        get(
            root.createAclToken(
                new AclToken().setDescription("vx").addPolicy(new PolicyLink().setId(id))));
    assertEquals("vx-kv", token.getPolicies().get(0).getName());
    ConsulClient limited = VertxAclFixture.client(vertx, server, token.getSecretId());
    try {
      assertTrue(get(limited.putValue("vx/ok", "1")));
      ExecutionException denied =
          org.junit.jupiter.api.Assertions.assertThrows(
              ExecutionException.class, () -> get(limited.putValue("other/no", "1")));
      assertTrue(
          denied.getCause().getMessage().contains("Permission denied"),
          denied.getCause().getMessage());
      get(
          root.updatePolicy(
              id,
              new AclPolicy().setName("vx-kv").setRules("key_prefix \"\" { policy = \"write\" }")));
      assertTrue(get(limited.putValue("other/now", "1")));
    } finally {
      limited.close();
    }
    assertTrue(get(root.deleteAclToken(token.getAccessorId())));
    assertTrue(get(root.deletePolicy(id)));
  }

  @Test
  void preparedQueryCrudAndExecute() throws Exception {
    get(
        root.registerService(
            new ServiceOptions().setName("vx-db").setId("vx-db-1").setTags(List.of("main"))));
    String id =
        get(
            root.createPreparedQuery(
                new PreparedQueryDefinition()
                    .setName("vx-db-q")
                    .setService("vx-db")
                    .setTags(List.of("main"))
                    .setDnsTtl("5s")));
    PreparedQueryDefinition q = get(root.getPreparedQuery(id));
    assertEquals("vx-db", q.getService());
    assertEquals("vx-db-q", q.getName());
    PreparedQueryExecuteResponse run = get(root.executePreparedQuery("vx-db-q"));
    assertEquals("vx-db", run.getService());
    assertEquals(1, run.getNodes().size());
    assertEquals("vx-db-1", run.getNodes().get(0).getService().getId());
    get(root.updatePreparedQuery(q.setTags(List.of("other"))));
    assertEquals(0, get(root.executePreparedQuery(id)).getNodes().size());
    assertTrue(get(root.getAllPreparedQueries()).stream().anyMatch(d -> d.getId().equals(id)));
    get(root.deletePreparedQuery(id));
    assertTrue(get(root.getAllPreparedQueries()).stream().noneMatch(d -> d.getId().equals(id)));
    get(root.deregisterService("vx-db-1"));
  }

  @Test
  void sidecarServiceRegistersAProxyRemovedWithItsParent() throws Exception {
    get(
        root.registerService(
            new ServiceOptions()
                .setName("vx-web")
                .setId("vx-web-1")
                .setPort(8080)
                .setConnectOptions(
                    new ConnectOptions()
                        .setSidecarService(
                            new SidecarServiceOptions()
                                .setProxy(
                                    new ProxyOptions()
                                        .setUpstreams(
                                            List.of(
                                                new UpstreamOptions()
                                                    .setDestinationName("vx-db")
                                                    .setLocalBindPort(9191))))))));
    List<Service> proxies = get(root.catalogServiceNodes("vx-web-sidecar-proxy")).getList();
    assertEquals(1, proxies.size());
    assertEquals("vx-web-1-sidecar-proxy", proxies.get(0).getId());
    assertTrue(proxies.get(0).getPort() >= 21000 && proxies.get(0).getPort() <= 21255);
    get(root.deregisterService("vx-web-1"));
    assertEquals(0, get(root.catalogServiceNodes("vx-web-sidecar-proxy")).getList().size());
  }

  @Test
  void transactionWithServiceAndKvOperations() throws Exception {
    TxnResponse ok =
        get(
            root.transaction(
                new TxnRequest()
                    .addOperation(
                        new TxnKVOperation().setType(TxnKVVerb.SET).setKey("vx/txn").setValue("v"))
                    .addOperation(
                        new TxnServiceOperation()
                            .setType(TxnServiceVerb.SET)
                            .setNode("vx-acl")
                            .setServiceOptions(
                                new ServiceOptions()
                                    .setName("vx-txn")
                                    .setId("vx-txn-1")
                                    .setPort(81)))));
    assertEquals(0, ok.getErrorsSize(), () -> String.valueOf(ok.getErrors()));
    assertEquals(2, ok.getResultsSize());
    assertEquals(1, get(root.catalogServiceNodes("vx-txn")).getList().size());
    TxnResponse failed =
        get(
            root.transaction(
                new TxnRequest()
                    .addOperation(
                        new TxnServiceOperation()
                            .setType(TxnServiceVerb.GET)
                            .setNode("vx-acl")
                            .setServiceOptions(
                                new ServiceOptions().setName("x").setId("missing")))));
    assertEquals(1, failed.getErrorsSize());
    TxnError e = failed.getError(0);
    assertEquals(0, e.getOpIndex());
    assertTrue(e.getWhat().contains("doesn't exist"), e.getWhat());
  }
}
