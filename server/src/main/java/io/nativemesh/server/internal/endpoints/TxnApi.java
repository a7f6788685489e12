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

import com.fasterxml.jackson.databind.JsonNode;
import io.nativemesh.server.internal.http.ApiRequest;
import io.nativemesh.server.internal.http.ApiResponse;
import io.nativemesh.server.internal.http.HttpError;
import io.nativemesh.server.internal.http.Json;
import io.nativemesh.server.internal.http.JsonNames;
import io.nativemesh.server.internal.http.Router;
import io.nativemesh.server.internal.state.Command;
import io.nativemesh.server.internal.state.KvEntry;
import io.nativemesh.server.internal.state.KvOp;
import io.nativemesh.server.internal.state.KvVerb;
import io.nativemesh.server.internal.state.TxnOp;
import io.nativemesh.server.internal.state.TxnResult;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * {@code PUT /v1/txn} with KV operations (docs/consul-api.md, "Transactions"; Consul's {@code
 * agent/txn_endpoint.go}): at most 64 operations, applied atomically; 200 with {@code Results} when
 * applied, 409 with {@code Errors} ({@code OpIndex}, {@code What}) when rolled back. A transaction
 * with {@code Node}, {@code Service} or {@code Check} operations goes through {@link
 * TxnCatalogOps}. ACLs: {@code key:read}/{@code key:write} per key. Thread-safe.
 */
public final class TxnApi {
  /** Consul's {@code txn_max_req_len} operation limit. */
  public static final int MAX_OPS = 64;

  private static final Set<String> KV_FIELDS =
      Set.of("Verb", "Key", "Value", "Flags", "Index", "Session", "Namespace", "Partition");
  private final ServerContext ctx;
  private final TxnCatalogOps catalog;

  /**
   * @param ctx shared components
   */
  public TxnApi(ServerContext ctx) {
    this.ctx = ctx;
    this.catalog = new TxnCatalogOps(ctx);
  }

  /**
   * @param router the router to add the routes to
   */
  public void register(Router router) {
    router.addAsync(HttpMethod.PUT, "/v1/txn", this::txn);
  }

  private CompletableFuture<ApiResponse> txn(ApiRequest r) {
    JsonNode body = Json.read(r.body(), JsonNode.class);
    if (body == null || !body.isArray()) {
      throw HttpError.badRequest("Failed to parse body: expected a JSON array of operations");
    }
    if (body.size() > MAX_OPS) {
      throw new HttpError(
          HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
          "Transaction contains too many operations (" + body.size() + " > " + MAX_OPS + ")");
    }
    List<TxnOp> all = new ArrayList<>();
    for (int i = 0; i < body.size(); i++) {
      all.add(TxnCatalogOps.parse(body.get(i), i, TxnApi::parseKv, ctx.config().datacenter()));
    }
    if (all.stream().anyMatch(o -> o.kv() == null)) {
      return catalog.run(r, all);
    }
    List<KvOp> ops = new ArrayList<>();
    for (TxnOp o : all) {
      ctx.acl().requireRule(r, o.kv().verb().isWrite() ? "key:write" : "key:read", o.kv().key());
      ops.add(o.kv());
    }
    boolean readOnly = ops.stream().noneMatch(o -> o.verb().isWrite());
    return ctx.store()
        .submit(new Command.Txn(ops, ctx.config().clock().instant()))
        .thenApply(
            a -> {
              TxnResult t = a.result();
              if (!t.ok()) {
                return rolledBack(t.errors());
              }
              List<Map<String, Object>> results = new ArrayList<>();
              for (int i = 0; i < t.results().size(); i++) {
                boolean get = ops.get(i).verb().isRead();
                for (KvEntry e : t.results().get(i)) {
                  results.add(Map.of("KV", KvWire.entry(e, get)));
                }
              }
              ApiResponse resp = applied(results);
              if (readOnly) {
                resp.header("X-Consul-Index", Long.toString(Math.max(1, a.index())));
              }
              return resp;
            });
  }

  /**
   * @param errors the failed operations
   * @return Consul's 409 for a rolled-back transaction
   */
  static ApiResponse rolledBack(List<TxnResult.TxnError> errors) {
    List<Map<String, Object>> out = new ArrayList<>();
    errors.forEach(e -> out.add(Map.of("OpIndex", e.opIndex(), "What", e.what())));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("Results", KvWire.NullValue.INSTANCE);
    body.put("Errors", out);
    return ApiResponse.json(body).withStatus(HttpResponseStatus.CONFLICT);
  }

  /**
   * @param results the per-operation results
   * @return Consul's 200 for an applied transaction
   */
  static ApiResponse applied(List<Map<String, Object>> results) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("Results", results);
    body.put("Errors", KvWire.NullValue.INSTANCE);
    return ApiResponse.json(body);
  }

  private static KvOp parseKv(JsonNode kv, int i) {
    if (!kv.isObject()) {
      throw HttpError.badRequest("Failed to parse body: operation " + i + ": KV must be an object");
    }
    kv = JsonNames.canonical(kv, KV_FIELDS);
    for (Iterator<String> it = kv.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!KV_FIELDS.contains(f)) {
        throw HttpError.badRequest(
            "Failed to parse body: operation " + i + ": unknown field \"" + f + "\"");
      }
    }
    String verbName = str(kv, "Verb", i);
    KvVerb verb = KvVerb.fromWireName(verbName);
    if (verb == null) {
      throw HttpError.badRequest(
          "Failed to parse body: operation " + i + ": unknown KV verb \"" + verbName + "\"");
    }
    String key = str(kv, "Key", i);
    key = key == null ? "" : key;
    if (key.isEmpty() && verb != KvVerb.GET_TREE && verb != KvVerb.DELETE_TREE) {
      throw HttpError.badRequest("Operation " + i + ": Missing key name");
    }
    KvWire.validateKey(key);
    byte[] value = null;
    String v = str(kv, "Value", i);
    if (v != null) {
      try {
        value = Base64.getDecoder().decode(v);
      } catch (IllegalArgumentException e) {
        throw HttpError.badRequest(
            "Failed to parse body: operation " + i + ": Value is not valid base64");
      }
      if (value.length > KvWire.MAX_VALUE_BYTES) {
        throw new HttpError(
            HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
            "Operation "
                + i
                + ": value too large ("
                + value.length
                + " > "
                + KvWire.MAX_VALUE_BYTES
                + " bytes)");
      }
      if (value.length == 0) {
        value = null;
      }
    }
    long flags = uint64(kv, "Flags", i);
    long index = num(kv, "Index", i);
    String session = str(kv, "Session", i);
    if ((verb == KvVerb.LOCK || verb == KvVerb.UNLOCK) && (session == null || session.isEmpty())) {
      throw HttpError.badRequest("Operation " + i + ": " + verbName + " needs a Session");
    }
    return new KvOp(verb, key, value, flags, index, session);
  }

  private static String str(JsonNode n, String f, int i) {
    JsonNode v = n.get(f);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw HttpError.badRequest(
          "Failed to parse body: operation " + i + ": " + f + " must be a string");
    }
    return v.asText();
  }

  /** Consul: {@code Flags} is a {@code uint64}; its bits are stored in a {@code long}. */
  private static long uint64(JsonNode n, String f, int i) {
    JsonNode v = n.get(f);
    if (v == null || v.isNull()) {
      return 0;
    }
    if (!v.isIntegralNumber()
        || v.bigIntegerValue().signum() < 0
        || v.bigIntegerValue().bitLength() > Long.SIZE) {
      throw HttpError.badRequest(
          "Failed to parse body: operation "
              + i
              + ": "
              + f
              + " must be an unsigned 64-bit integer");
    }
    return v.bigIntegerValue().longValue();
  }

  private static long num(JsonNode n, String f, int i) {
    JsonNode v = n.get(f);
    if (v == null || v.isNull()) {
      return 0;
    }
    if (!v.isIntegralNumber() || v.asLong() < 0 || !v.canConvertToLong()) {
      throw HttpError.badRequest(
          "Failed to parse body: operation " + i + ": " + f + " must be a non-negative integer");
    }
    return v.asLong();
  }
}
