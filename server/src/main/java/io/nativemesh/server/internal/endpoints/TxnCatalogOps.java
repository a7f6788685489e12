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
package io.nativemesh.server.internal.endpoints;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.nativemesh.core.model.AgentService;
import io.nativemesh.core.model.HealthCheck;
import io.nativemesh.core.model.Node;
import io.nativemesh.server.internal.http.ApiRequest;
import io.nativemesh.server.internal.http.ApiResponse;
import io.nativemesh.server.internal.http.ConsulJson;
import io.nativemesh.server.internal.http.HttpError;
import io.nativemesh.server.internal.state.CatalogTxnResult;
import io.nativemesh.server.internal.state.Command;
import io.nativemesh.server.internal.state.KvOp;
import io.nativemesh.server.internal.state.TxnOp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;

/**
 * {@code PUT /v1/txn} with catalog operations (Consul API: {@code txn.mdx}, {@code Node}, {@code
 * Service}, {@code Check} beside {@code KV}); verbs {@code set}, {@code cas}, {@code get}, {@code
 * delete}, {@code delete-cas}, the CAS index being the object's {@code ModifyIndex}. Results are
 * {@code {"Node": …}}, {@code {"Service": …}}, {@code {"Check": …}} or {@code {"KV": …}} per
 * operation (deletes return nothing); a failed operation rolls everything back with 409 and {@code
 * Errors}. ACLs: {@code node:write} on the node, {@code service:write} on the service, {@code
 * key:*} on keys ({@code node:read}/{@code service:read} for {@code get}). Thread-safe.
 */
final class TxnCatalogOps {
  private final ServerContext ctx;

  TxnCatalogOps(ServerContext ctx) {
    this.ctx = ctx;
  }

  private static HttpError bad(int i, String what) {
    return HttpError.badRequest("Failed to parse body: operation " + i + ": " + what);
  }

  /**
   * @param op one element of the request array
   * @param i its index
   * @param kv the KV decoder
   * @param dc this server's datacenter
   * @return the operation
   * @throws HttpError 400 naming what is wrong
   */
  static TxnOp parse(JsonNode op, int i, BiFunction<JsonNode, Integer, KvOp> kv, String dc) {
    if (op == null || !op.isObject() || op.size() != 1) {
      throw bad(i, "must be an object with exactly one of KV, Node, Service, Check");
    }
    Map.Entry<String, JsonNode> e = op.fields().next();
    String type = e.getKey();
    JsonNode body = e.getValue();
    if (type.equalsIgnoreCase("KV")) {
      return new TxnOp(kv.apply(body, i), null, null, null);
    }
    if (!body.isObject()) {
      throw bad(i, type + " must be an object");
    }
    TxnOp.Verb verb = TxnOp.Verb.fromWire(text(body, "Verb"));
    if (verb == null) {
      throw bad(i, "unknown " + type + " verb \"" + text(body, "Verb") + "\"");
    }
    if (type.equalsIgnoreCase("Node")) {
      CatalogWire.Registration n = decode(field(body, "Node"), CatalogWire.Registration.class, i);
      if (n == null || n.node() == null || n.node().isEmpty()) {
        throw bad(i, "Node.Node is required");
      }
      long index = field(field(body, "Node"), "ModifyIndex").asLong(0);
      return new TxnOp(
          null,
          new TxnOp.NodeOp(
              verb,
              new Node(
                  n.id() == null ? "" : n.id(),
                  n.node(),
                  n.address() == null ? "" : n.address(),
                  dc,
                  n.taggedAddresses() == null || n.taggedAddresses().isEmpty()
                      ? null
                      : Map.copyOf(n.taggedAddresses()),
                  n.nodeMeta() == null ? Map.of() : Map.copyOf(n.nodeMeta()),
                  0,
                  0),
              index),
          null,
          null);
    }
    if (type.equalsIgnoreCase("Service")) {
      String node = text(body, "Node");
      CatalogWire.ServiceBody s = decode(field(body, "Service"), CatalogWire.ServiceBody.class, i);
      if (node == null || node.isEmpty() || s == null) {
        throw bad(i, "Service operations need Node and Service");
      }
      if ((s.service() == null || s.service().isEmpty()) && (s.id() == null || s.id().isEmpty())) {
        throw bad(i, "Service.ID or Service.Service is required");
      }
      long index = field(field(body, "Service"), "ModifyIndex").asLong(0);
      AgentService a =
          CatalogWire.toService(
              new CatalogWire.ServiceBody(
                  s.id(),
                  s.service() == null ? s.id() : s.service(),
                  s.tags(),
                  s.address(),
                  s.meta(),
                  s.port(),
                  s.weights(),
                  s.enableTagOverride(),
                  s.connect(),
                  s.kind()),
              dc);
      return new TxnOp(null, null, new TxnOp.ServiceOp(verb, node, a, index), null);
    }
    if (type.equalsIgnoreCase("Check")) {
      JsonNode cj = field(body, "Check");
      CatalogWire.CheckBody c = decode(cj, CatalogWire.CheckBody.class, i);
      if (c == null || c.node() == null || c.node().isEmpty() || c.checkId() == null) {
        throw bad(i, "Check operations need Check.Node and Check.CheckID");
      }
      String status =
          c.status() == null || c.status().isEmpty() ? HealthCheck.CRITICAL : c.status();
      CatalogApi.requireStatus(status);
      return new TxnOp(
          null,
          null,
          null,
          new TxnOp.CheckOp(
              verb,
              new HealthCheck(
                  c.node(),
                  c.checkId(),
                  c.name() == null ? c.checkId() : c.name(),
                  status,
                  c.notes() == null ? "" : c.notes(),
                  c.output() == null ? "" : c.output(),
                  c.serviceId() == null ? "" : c.serviceId(),
                  "",
                  List.of(),
                  "",
                  0,
                  0),
              field(cj, "ModifyIndex").asLong(0)));
    }
    throw bad(i, "unknown operation type \"" + type + "\" (KV, Node, Service or Check)");
  }

  /** Go's encoding/json matches field names ignoring case. */
  private static JsonNode field(JsonNode n, String name) {
    if (n != null) {
      for (var it = n.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (e.getKey().equalsIgnoreCase(name)) {
          return e.getValue();
        }
      }
    }
    return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
  }

  private static String text(JsonNode n, String name) {
    JsonNode v = field(n, name);
    return v.isTextual() ? v.asText() : null;
  }

  private static <T> T decode(JsonNode n, Class<T> type, int i) {
    if (n == null || n.isMissingNode() || n.isNull()) {
      return null;
    }
    try {
      return ConsulJson.mapper().treeToValue(n, type);
    } catch (JsonProcessingException e) {
      throw bad(i, e.getOriginalMessage());
    }
  }

  private void authorize(ApiRequest r, TxnOp op) {
    if (op.kv() != null) {
      ctx.acl().requireRule(r, op.kv().verb().isWrite() ? "key:write" : "key:read", op.kv().key());
    } else if (op.node() != null) {
      ctx.acl()
          .requireRule(
              r,
              op.node().verb() == TxnOp.Verb.GET ? "node:read" : "node:write",
              op.node().node().node());
    } else if (op.service() != null) {
      ctx.acl()
          .requireRule(
              r,
              op.service().verb() == TxnOp.Verb.GET ? "service:read" : "service:write",
              op.service().service().service());
    } else {
      ctx.acl()
          .requireRule(
              r,
              op.check().verb() == TxnOp.Verb.GET ? "node:read" : "node:write",
              op.check().check().node());
    }
  }

  CompletableFuture<ApiResponse> run(ApiRequest r, List<TxnOp> ops) {
    for (TxnOp op : ops) {
      authorize(r, op);
    }
    String dc = ctx.config().datacenter();
    return ctx.store()
        .submit(new Command.CatalogTxn(ops, ctx.config().clock().instant()))
        .thenApply(
            a -> {
              CatalogTxnResult t = a.result();
              if (!t.ok()) {
                return TxnApi.rolledBack(t.errors());
              }
              List<Map<String, Object>> results = new ArrayList<>();
              for (int i = 0; i < t.results().size(); i++) {
                TxnOp.Item item = t.results().get(i);
                if (item.kv() != null) {
                  boolean get = ops.get(i).kv().verb().isRead();
                  item.kv().forEach(e -> results.add(Map.of("KV", KvWire.entry(e, get))));
                } else if (item.node() != null) {
                  results.add(Map.of("Node", item.node()));
                } else if (item.service() != null) {
                  results.add(Map.of("Service", item.service()));
                } else if (item.check() != null) {
                  results.add(Map.of("Check", item.check()));
                }
              }
              return TxnApi.applied(results).header("X-Consul-Index", Long.toString(a.index()));
            });
  }
}
