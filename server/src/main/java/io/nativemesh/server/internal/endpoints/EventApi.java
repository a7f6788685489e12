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

import io.nativemesh.core.model.AgentService;
import io.nativemesh.server.internal.http.ApiRequest;
import io.nativemesh.server.internal.http.ApiResponse;
import io.nativemesh.server.internal.http.BlockingQuery;
import io.nativemesh.server.internal.http.HttpError;
import io.nativemesh.server.internal.http.Router;
import io.nativemesh.server.internal.state.WatchRegistry;
import io.netty.handler.codec.http.HttpMethod;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * User events (Consul API: /v1/event): {@code PUT /v1/event/fire/:name} and {@code GET
 * /v1/event/list} (blocking, {@code ?name=} filter). As in Consul, events are not state: they live
 * in memory only (the last {@value #BUFFER} this agent received), are lost on restart and are not
 * in snapshots. An event whose node, service or tag filter (regular expressions) does not match
 * this agent is not delivered to it, so it never shows in the list. The list's index is the Lamport
 * time of the newest event (Consul derives an opaque index from the newest event too). Thread-safe.
 */
public final class EventApi {
  /** Events kept, as Consul's agent keeps. */
  static final int BUFFER = 256;

  private static final String KEY = "events";

  private final ServerContext ctx;
  private final WatchRegistry<String> watches = new WatchRegistry<>();
  private final Deque<Map<String, Object>> events = new ArrayDeque<>(); // guarded by this
  private long ltime; // guarded by this

  /**
   * @param ctx shared components
   */
  public EventApi(ServerContext ctx) {
    this.ctx = ctx;
  }

  /**
   * @param router the router to add the routes to
   */
  public void register(Router router) {
    router.add(HttpMethod.PUT, "/v1/event/fire/:name", this::fire);
    router.addAsync(HttpMethod.GET, "/v1/event/list", this::list);
  }

  private static Pattern regex(ApiRequest r, String param) {
    String v = r.query(param);
    if (v == null || v.isEmpty()) {
      return null;
    }
    try {
      return Pattern.compile(v);
    } catch (PatternSyntaxException e) {
      throw HttpError.badRequest("Invalid " + param + " filter '" + v + "': " + e.getDescription());
    }
  }

  private ApiResponse fire(ApiRequest r) {
    String name = r.pathParam();
    if (name.isEmpty()) {
      throw HttpError.badRequest("Missing name");
    }
    ctx.acl().requireRule(r, "event:write", name);
    Pattern node = regex(r, "node");
    Pattern service = regex(r, "service");
    Pattern tag = regex(r, "tag");
    if (tag != null && service == null) {
      throw HttpError.badRequest("Cannot provide tag filter without service filter.");
    }
    byte[] payload = r.body();
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("ID", UUID.randomUUID().toString());
    event.put("Name", name);
    event.put(
        "Payload",
        payload.length == 0
            ? KvWire.NullValue.INSTANCE
            : Base64.getEncoder().encodeToString(payload));
    event.put("NodeFilter", node == null ? "" : node.pattern());
    event.put("ServiceFilter", service == null ? "" : service.pattern());
    event.put("TagFilter", tag == null ? "" : tag.pattern());
    event.put("Version", 1);
    event.put("LTime", 0L);
    Map<String, Object> reply = new LinkedHashMap<>(event);
    if (deliveredHere(node, service, tag)) {
      synchronized (this) {
        event.put("LTime", ++ltime);
        events.addLast(event);
        while (events.size() > BUFFER) {
          events.removeFirst();
        }
      }
      watches.fire(List.of(KEY));
    }
    return ApiResponse.json(reply);
  }

  /** Consul's agent: an event is handled only when every filter it carries matches this agent. */
  private boolean deliveredHere(Pattern node, Pattern service, Pattern tag) {
    if (node != null && !node.matcher(ctx.config().nodeName()).find()) {
      return false;
    }
    if (service == null) {
      return true;
    }
    for (AgentService s : ctx.store().snapshot().services().values()) {
      if (service.matcher(s.service()).find()
          && (tag == null || s.tags().stream().anyMatch(t -> tag.matcher(t).find()))) {
        return true;
      }
    }
    return false;
  }

  private CompletableFuture<ApiResponse> list(ApiRequest r) {
    String name = r.query("name");
    ctx.acl().requireRule(r, "event:read", name);
    return BlockingQuery.run(
        r,
        () -> watches.register(List.of(KEY)),
        () -> {
          List<Map<String, Object>> out = new ArrayList<>();
          long index;
          synchronized (this) {
            index = ltime;
            for (Map<String, Object> e : events) {
              if (name == null || name.isEmpty() || name.equals(e.get("Name"))) {
                out.add(e);
              }
            }
          }
          return ApiResponse.json(out, index);
        },
        ctx.random());
  }
}
