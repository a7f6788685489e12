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

import io.nativemesh.server.internal.http.ApiRequest;
import io.nativemesh.server.internal.http.ApiResponse;
import io.nativemesh.server.internal.http.BlockingQuery;
import io.nativemesh.server.internal.http.HttpError;
import io.nativemesh.server.internal.http.Json;
import io.nativemesh.server.internal.http.Router;
import io.nativemesh.server.internal.state.Command;
import io.nativemesh.server.internal.state.KvEntry;
import io.nativemesh.server.internal.state.KvOp;
import io.nativemesh.server.internal.state.KvVerb;
import io.nativemesh.server.internal.state.StateSnapshot;
import io.nativemesh.server.internal.state.Table;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.CompletableFuture;

/**
 * The KV store endpoints (docs/consul-api.md, "KV store"; Consul's {@code agent/kvs_endpoint.go}):
 * {@code GET} (single key, {@code recurse}, {@code keys} with {@code separator}, {@code raw};
 * blocking), {@code PUT} ({@code flags}, {@code cas}, {@code acquire}, {@code release}; values up
 * to 512 KiB, else 413) and {@code DELETE} ({@code recurse}, {@code cas}). Writes are one-operation
 * {@link Command.Txn}s and answer asynchronously once durable.
 *
 * <p>Blocking index: a single existing key reports its {@code ModifyIndex}; everything else
 * (missing keys, prefix reads) reports the KV table index, which never goes backwards (Consul uses
 * the table index plus tombstones). Thread-safe.
 */
public final class KvApi {
  private static final List<Table> KV_TABLES = List.of(Table.KVS);
  private final ServerContext ctx;

  /**
   * @param ctx shared components
   */
  public KvApi(ServerContext ctx) {
    this.ctx = ctx;
  }

  /**
   * @param router the router to add the routes to
   */
  public void register(Router router) {
    router.addAsync(HttpMethod.GET, "/v1/kv/:key", this::get);
    router.addAsync(HttpMethod.PUT, "/v1/kv/:key", this::put);
    router.addAsync(HttpMethod.DELETE, "/v1/kv/:key", this::delete);
    router.addAsync(HttpMethod.GET, "/v1/kv/", this::get);
    router.addAsync(HttpMethod.PUT, "/v1/kv/", this::put);
    router.addAsync(HttpMethod.DELETE, "/v1/kv/", this::delete);
  }

  private static String key(ApiRequest r) {
    String k = r.pathParam() == null ? "" : r.pathParam();
    KvWire.validateKey(k);
    return k;
  }

  /**
   * The last single-key GET body, keyed by entry identity (entries are immutable and shared by
   * snapshots).
   */
  private record Encoded(KvEntry entry, byte[] json) {}

  private volatile Encoded lastEncoded;

  private CompletableFuture<ApiResponse> get(ApiRequest r) {
    String key = key(r);
    ctx.acl().requireRule(r, "key:read", key);
    boolean keys = r.flag("keys");
    boolean recurse = r.flag("recurse") || keys;
    boolean raw = r.flag("raw");
    boolean pretty = r.has("pretty");
    String sep = r.query("separator") != null ? r.query("separator") : r.query("seperator");
    if (key.isEmpty() && !recurse) {
      throw HttpError.badRequest("Missing key name");
    }
    return BlockingQuery.run(
        r,
        () -> ctx.store().watch(KV_TABLES),
        () -> {
          StateSnapshot s = ctx.store().snapshot();
          long tableIndex = s.indexOf(Table.KVS);
          if (!recurse) {
            KvEntry e = s.kv().get(key);
            if (e == null) {
              return ApiResponse.text(HttpResponseStatus.NOT_FOUND, "", tableIndex);
            }
            if (raw) {
              return ApiResponse.raw(
                      e.value() == null ? new byte[0] : e.value(), "text/plain", e.modifyIndex())
                  .header("X-Content-Type-Options", "nosniff")
                  .header("Content-Security-Policy", "sandbox");
            }
            if (pretty) {
              return ApiResponse.json(List.of(KvWire.entry(e, true)), e.modifyIndex());
            }
            // a write to a watched key wakes every watcher with the same entry: encode it once
            Encoded c = lastEncoded;
            if (c == null || c.entry() != e) {
              c = new Encoded(e, Json.write(List.of(KvWire.entry(e, true)), false));
              lastEncoded = c;
            }
            return ApiResponse.raw(c.json(), "application/json", e.modifyIndex());
          }
          SortedMap<String, KvEntry> sub = s.kvPrefix(key);
          if (keys) {
            LinkedHashSet<String> out = new LinkedHashSet<>();
            for (String k : sub.keySet()) {
              if (sep != null && !sep.isEmpty()) {
                int at = k.indexOf(sep, key.length());
                out.add(at < 0 ? k : k.substring(0, at + sep.length()));
              } else {
                out.add(k);
              }
            }
            if (out.isEmpty() && !key.isEmpty()) {
              return ApiResponse.text(HttpResponseStatus.NOT_FOUND, "", tableIndex);
            }
            return ApiResponse.json(new ArrayList<>(out), tableIndex);
          }
          if (sub.isEmpty()) {
            return ApiResponse.text(HttpResponseStatus.NOT_FOUND, "", tableIndex);
          }
          List<Map<String, Object>> out = new ArrayList<>(sub.size());
          for (KvEntry e : sub.values()) {
            out.add(KvWire.entry(e, true));
          }
          return ApiResponse.json(out, tableIndex);
        },
        ctx.random());
  }

  private CompletableFuture<ApiResponse> put(ApiRequest r) {
    ctx.acl().requireRule(r, "key:write", r.pathParam());
    String key = key(r);
    if (key.isEmpty()) {
      throw HttpError.badRequest("Missing key name");
    }
    long flags = KvWire.uint64Param(r, "flags");
    long cas = KvWire.uintParam(r, "cas");
    String acquire = r.query("acquire");
    String release = r.query("release");
    int modes = (cas >= 0 ? 1 : 0) + (acquire != null ? 1 : 0) + (release != null ? 1 : 0);
    if (modes > 1) {
      throw HttpError.badRequest(
          "Conflicting flags: " + r.path() + ": cas, acquire and release are mutually exclusive");
    }
    byte[] body = r.body();
    if (body.length > KvWire.MAX_VALUE_BYTES) {
      throw new HttpError(
          HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
          "Request body("
              + body.length
              + " bytes) too large, max size: "
              + KvWire.MAX_VALUE_BYTES
              + " bytes. See https://developer.hashicorp.com/docs/agent/config/config-files#kv_max_value_size.");
    }
    byte[] value = body.length == 0 ? null : body;
    long f = flags;
    KvOp op;
    if (acquire != null) {
      requireSession(acquire);
      if (!ctx.store().snapshot().sessions().containsKey(acquire)) {
        // Consul's state store refuses the lock with this reason (its HTTP layer answers 500; a
        // bad session ID is the client's input, so 400 here)
        throw HttpError.badRequest("invalid session \"" + acquire + "\"");
      }
      op = new KvOp(KvVerb.LOCK, key, value, f, 0, acquire);
    } else if (release != null) {
      requireSession(release);
      op = new KvOp(KvVerb.UNLOCK, key, value, f, 0, release);
    } else if (cas >= 0) {
      op = new KvOp(KvVerb.CAS, key, value, f, cas, null);
    } else {
      op = new KvOp(KvVerb.SET, key, value, f, 0, null);
    }
    return single(op);
  }

  private static void requireSession(String id) {
    if (id.isEmpty()) {
      throw HttpError.badRequest("Missing session: acquire/release need a session ID");
    }
  }

  private CompletableFuture<ApiResponse> delete(ApiRequest r) {
    ctx.acl().requireRule(r, "key:write", r.pathParam());
    String key = key(r);
    boolean recurse = r.flag("recurse");
    long cas = KvWire.uintParam(r, "cas");
    if (recurse && cas >= 0) {
      throw HttpError.badRequest(
          "Conflicting flags: " + r.path() + ": recurse and cas are mutually exclusive");
    }
    if (key.isEmpty() && !recurse) {
      throw HttpError.badRequest("Missing key name");
    }
    if (cas == 0) {
      throw HttpError.badRequest("Invalid cas value: must be greater than 0 for a delete");
    }
    KvOp op =
        recurse
            ? new KvOp(KvVerb.DELETE_TREE, key, null, 0, 0, null)
            : cas > 0
                ? new KvOp(KvVerb.DELETE_CAS, key, null, 0, cas, null)
                : new KvOp(KvVerb.DELETE, key, null, 0, 0, null);
    return single(op);
  }

  private CompletableFuture<ApiResponse> single(KvOp op) {
    return ctx.store()
        .submit(new Command.Txn(List.of(op), ctx.config().clock().instant()))
        .thenApply(a -> ApiResponse.json(a.result().ok()));
  }
}
