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
import io.nativemesh.core.model.HealthCheck;
import io.nativemesh.core.model.ServiceEntry;
import io.nativemesh.server.internal.acl.Access;
import io.nativemesh.server.internal.acl.Acl;
import io.nativemesh.server.internal.http.ApiRequest;
import io.nativemesh.server.internal.http.ApiResponse;
import io.nativemesh.server.internal.http.HttpError;
import io.nativemesh.server.internal.state.NodeView;
import io.nativemesh.server.internal.state.PreparedQuery;
import io.nativemesh.server.internal.state.StateSnapshot;
import io.nativemesh.server.internal.state.Table;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs prepared queries (Consul: {@code agent/consul/prepared_query_endpoint.go}, {@code
 * prepared_query/template.go}). Lookup: by ID, else by exact name, else the {@code
 * name_prefix_match} template with the longest name that prefixes the requested name; templates
 * interpolate {@code ${name.full}}, {@code ${name.prefix}}, {@code ${name.suffix}} and {@code
 * ${match(N)}} (groups of {@code Template.Regexp} against the full name) in the service name and
 * tags. Execution: instances of the service, with every tag ({@code !tag} excludes, matched
 * ignoring case), {@code NodeMeta} and {@code ServiceMeta} matched; instances with a critical check
 * are dropped, with a warning too when {@code OnlyPassing}, ignoring {@code IgnoreCheckIDs}; with
 * {@code near} ({@code ?near=} or the query's {@code Near}, {@code _agent} meaning this node) the
 * named node's instances come first, the rest are shuffled (one node has no round-trip times to
 * sort by); {@code ?limit=} caps the list. Thread-safe.
 */
final class PreparedQueryExecutor {
  private static final Pattern VAR = Pattern.compile("\\$\\{([^}]*)\\}");
  private static final Pattern MATCH = Pattern.compile("match\\((\\d+)\\)");
  private final ServerContext ctx;

  PreparedQueryExecutor(ServerContext ctx) {
    this.ctx = ctx;
  }

  /** A query found for a request, with its template rendered. */
  private record Found(PreparedQuery query, PreparedQueryApi.Body body) {}

  private Found find(StateSnapshot s, String idOrName) {
    PreparedQuery q = s.preparedQueries().get(idOrName);
    if (q == null) {
      PreparedQuery best = null;
      for (PreparedQuery c : s.preparedQueries().values()) {
        PreparedQueryApi.Body b = PreparedQueryApi.body(c);
        boolean template = b.template() != null && "name_prefix_match".equals(b.template().type());
        if (!template && c.name().equals(idOrName)) {
          best = c;
          break;
        }
        if (template
            && idOrName.startsWith(c.name())
            && (best == null || c.name().length() > best.name().length())) {
          best = c;
        }
      }
      q = best;
    }
    if (q == null) {
      throw HttpError.notFound("Query not found");
    }
    return new Found(q, render(PreparedQueryApi.body(q), q.name(), idOrName));
  }

  private static PreparedQueryApi.Body render(
      PreparedQueryApi.Body b, String prefix, String fullName) {
    if (b.template() == null || !"name_prefix_match".equals(b.template().type())) {
      return b;
    }
    Matcher m =
        b.template().regexp() == null || b.template().regexp().isEmpty()
            ? null
            : Pattern.compile(b.template().regexp()).matcher(fullName);
    boolean matched = m != null && m.find();
    Map<String, String> vars = new LinkedHashMap<>();
    vars.put("name.full", fullName);
    vars.put("name.prefix", prefix);
    vars.put("name.suffix", fullName.substring(Math.min(prefix.length(), fullName.length())));
    vars.put("agent.segment", "");
    PreparedQueryApi.ServiceSpec svc = b.service();
    List<String> tags = new ArrayList<>();
    for (String t : svc.tags() == null ? List.<String>of() : svc.tags()) {
      String v = interpolate(t, vars, matched ? m : null);
      if (!(v.isEmpty() && b.template().removeEmptyTags())) {
        tags.add(v);
      }
    }
    PreparedQueryApi.ServiceSpec rendered =
        new PreparedQueryApi.ServiceSpec(
            interpolate(svc.service() == null ? "" : svc.service(), vars, matched ? m : null),
            svc.failover(),
            svc.onlyPassing(),
            svc.ignoreCheckIds(),
            svc.near(),
            tags,
            svc.nodeMeta(),
            svc.serviceMeta(),
            svc.connect());
    return new PreparedQueryApi.Body(
        b.id(), b.name(), b.session(), b.token(), b.template(), rendered, b.dns());
  }

  private static String interpolate(String text, Map<String, String> vars, Matcher m) {
    Matcher v = VAR.matcher(text);
    StringBuilder out = new StringBuilder();
    while (v.find()) {
      String name = v.group(1).trim();
      String value = vars.get(name);
      Matcher g = MATCH.matcher(name);
      if (value == null && g.matches()) {
        int n = Integer.parseInt(g.group(1));
        value = m != null && n <= m.groupCount() && m.group(n) != null ? m.group(n) : "";
      }
      if (value == null) {
        throw HttpError.badRequest("Failed to render query template: unknown variable " + name);
      }
      v.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    v.appendTail(out);
    return out.toString();
  }

  ApiResponse explain(ApiRequest r, String idOrName) {
    StateSnapshot s = ctx.store().snapshot();
    Found f = find(s, idOrName);
    if (!f.query().name().isEmpty()) {
      ctx.acl().require(r, "query", f.query().name(), Access.READ);
    }
    PreparedQuery rendered =
        PreparedQueryApi.toStored(f.query().id(), f.body())
            .withIndexes(f.query().createIndex(), f.query().modifyIndex());
    return ApiResponse.json(
        Map.of("Query", PreparedQueryApi.wire(rendered, ctx.acl().resolve(r))),
        Math.max(1, s.indexOf(Table.PREPARED_QUERIES)));
  }

  ApiResponse execute(ApiRequest r, String idOrName) {
    StateSnapshot s = ctx.store().snapshot();
    Found f = find(s, idOrName);
    PreparedQueryApi.Body b = f.body();
    PreparedQueryApi.ServiceSpec spec = b.service();
    String token = b.token();
    Acl.Identity who =
        token == null || token.isEmpty() ? ctx.acl().resolve(r) : ctx.acl().resolveSecret(token);
    List<ServiceEntry> out = new ArrayList<>();
    if (ctx.acl().allows(who, "service", spec.service(), Access.READ)) {
      for (NodeView v : s.nodeViews()) {
        if (!metaMatches(v.node().meta(), spec.nodeMeta())) {
          continue;
        }
        for (AgentService svc : v.services()) {
          if (matches(svc, spec)) {
            List<HealthCheck> checks = v.checksForInstance(svc.id());
            if (healthy(checks, spec)) {
              out.add(new ServiceEntry(v.node(), svc, checks));
            }
          }
        }
      }
    }
    String near = r.query("near") != null ? r.query("near") : spec.near();
    out = order(out, near);
    String limit = r.query("limit");
    if (limit != null) {
      int n;
      try {
        n = Integer.parseInt(limit);
      } catch (NumberFormatException e) {
        throw HttpError.badRequest("Invalid limit value: " + limit);
      }
      if (n >= 0 && n < out.size()) {
        out = out.subList(0, n);
      }
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Service", spec.service());
    m.put("Nodes", out);
    m.put("DNS", Map.of("TTL", b.dns() == null || b.dns().ttl() == null ? "" : b.dns().ttl()));
    m.put("Datacenter", ctx.config().datacenter());
    m.put("Failovers", 0);
    return ApiResponse.json(
        m,
        Math.max(1, s.indexOf(Table.PREPARED_QUERIES, Table.SERVICES, Table.CHECKS, Table.NODES)));
  }

  private static boolean matches(AgentService svc, PreparedQueryApi.ServiceSpec spec) {
    if (!svc.service().equals(spec.service())) {
      return false;
    }
    if (spec.connect() != null
        && spec.connect().enabled()
        && (svc.connect() == null || !svc.connect().nativeApp())) {
      return false;
    }
    for (String t : spec.tags() == null ? List.<String>of() : spec.tags()) {
      boolean negate = t.startsWith("!");
      String tag = negate ? t.substring(1) : t;
      boolean has = svc.tags().stream().anyMatch(x -> x.equalsIgnoreCase(tag));
      if (has == negate) {
        return false;
      }
    }
    return metaMatches(svc.meta(), spec.serviceMeta());
  }

  private static boolean metaMatches(Map<String, String> have, Map<String, String> want) {
    if (want == null) {
      return true;
    }
    for (Map.Entry<String, String> e : want.entrySet()) {
      if (have == null || !e.getValue().equals(have.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  private static boolean healthy(List<HealthCheck> checks, PreparedQueryApi.ServiceSpec spec) {
    List<String> ignore = spec.ignoreCheckIds() == null ? List.of() : spec.ignoreCheckIds();
    for (HealthCheck c : checks) {
      if (ignore.contains(c.checkId())) {
        continue;
      }
      if (HealthCheck.CRITICAL.equals(c.status())
          || spec.onlyPassing() && !HealthCheck.PASSING.equals(c.status())) {
        return false;
      }
    }
    return true;
  }

  private List<ServiceEntry> order(List<ServiceEntry> in, String near) {
    List<ServiceEntry> shuffled = new ArrayList<>(in);
    for (int i = shuffled.size() - 1; i > 0; i--) {
      int j = ctx.random().nextInt(i + 1);
      shuffled.set(i, shuffled.set(j, shuffled.get(i)));
    }
    if (near == null || near.isEmpty()) {
      return shuffled;
    }
    String node = near.equals("_agent") ? ctx.config().nodeName() : near;
    List<ServiceEntry> out = new ArrayList<>(shuffled.size());
    for (ServiceEntry e : shuffled) {
      if (e.node().node().equals(node)) {
        out.add(e);
      }
    }
    for (ServiceEntry e : shuffled) {
      if (!e.node().node().equals(node)) {
        out.add(e);
      }
    }
    return out;
  }
}
