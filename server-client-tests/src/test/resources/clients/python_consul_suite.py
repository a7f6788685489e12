"""Drives a NativeMesh server with Debian's python3-consul (python-consul 0.7.1).

Usage: python3 python_consul_suite.py <port>. Exits 0 and prints "ALL OK" when every step passed;
any failed assertion exits non-zero with a traceback naming the step.
"""
import sys
import threading
import time

import consul

port = int(sys.argv[1])
c = consul.Consul(host="127.0.0.1", port=port)
step = "start"


def check(cond, what):
    if not cond:
        raise AssertionError("%s: %s" % (step, what))


def status_of(method, path, data=None):
    """The HTTP status of a call made through the client's own HTTP layer."""
    cb = lambda r: r.code
    if method == "put":
        return c.http.put(cb, path, data=data or "")
    return c.http.get(cb, path)


# --- issue 17: what a single-node Consul agent shows on a fresh start
step = "consul-service"
_, services = c.catalog.services()
check(services == {"consul": []}, "catalog services on an empty agent %r" % (services,))
_, rows = c.catalog.service("consul")
check(len(rows) == 1 and rows[0]["ServicePort"] == 8300, "consul service %r" % (rows,))
_, hs = c.health.service("consul", passing=True)
check(hs[0]["Checks"][0]["CheckID"] == "serfHealth", "consul health %r" % (hs,))
check(c.agent.services() == {}, "the agent does not list it")
check(c.agent.checks() == {}, "serfHealth is not an agent check")
check(status_of("put", "/v1/agent/check/deregister/serfHealth") == 404, "agent deregister of serfHealth")

step = "agent-self"
me = c.agent.self()
check(all(isinstance(me["Member"][f], int) for f in
          ("ProtocolMin", "ProtocolMax", "ProtocolCur", "DelegateMin", "DelegateMax", "DelegateCur")),
      "Member %r" % (me["Member"],))
check(me["Stats"]["consul"]["leader_addr"].endswith(":8300"), "Stats %r" % (me["Stats"],))
check(me["DebugConfig"]["Datacenter"] == "dc1" and len(me["Coord"]["Vec"]) == 8, "DebugConfig, Coord")
check(c.agent.members(wan=True)[0]["Name"] == "py-node-agent.dc1", "WAN member name")
check(c.coordinate.datacenters()[0]["Datacenter"] == "dc1", "coordinate datacenters")
check(c.coordinate.nodes()[1][0]["Node"] == "py-node-agent", "coordinate nodes")
raft = c.operator.raft_config()
check(len(raft["Servers"]) == 1 and raft["Servers"][0]["Leader"], "raft configuration %r" % (raft,))

step = "acl-disabled"
try:
    c.acl.list()
    check(False, "acl list with ACLs disabled")
except consul.base.ACLDisabled as e:
    check("ACL support disabled" in str(e), "401 reason %s" % e)

step = "flags-and-sessions"
check(c.kv.put("py/max", "m", flags=18446744073709551615) is True, "put with the largest uint64 flags")
check(c.kv.get("py/max")[1]["Flags"] == 18446744073709551615, "uint64 flags round trip")
try:
    c.kv.put("py/lock", "x", acquire="00000000-0000-0000-0000-0000000000aa")
    check(False, "acquire with an unknown session")
except consul.base.BadRequest as e:
    check('invalid session "00000000-0000-0000-0000-0000000000aa"' in str(e), "names the session: %s" % e)
c.kv.delete("py/max")

step = "events"
fired = c.event.fire("py-deploy", body="v3")
check(fired["Name"] == "py-deploy", "fire %r" % (fired,))
ev_idx, evs = c.event.list(name="py-deploy")
check(evs[-1]["ID"] == fired["ID"], "list %r" % (evs,))
woken = {}
ev_thread = threading.Thread(target=lambda: woken.update(r=c.event.list(name="py-deploy", index=ev_idx)))
ev_thread.start()
time.sleep(0.3)
check(ev_thread.is_alive(), "event list blocks")
c.event.fire("py-deploy", body="v4")
ev_thread.join(5)
check(not ev_thread.is_alive() and woken["r"][1][-1]["Payload"] == b"v4", "woken by the next event %r" % (woken,))

# --- KV, including a blocking read woken by a write
step = "kv"
check(c.kv.put("py/a", "1") is True, "put")
idx, data = c.kv.get("py/a")
check(data["Value"] == b"1", "get value %r" % (data,))
check(c.kv.put("py/b", "2", flags=7), "put with flags")
idx2, items = c.kv.get("py/", recurse=True)
check([i["Key"] for i in items] == ["py/a", "py/b"], "recurse %r" % (items,))
check(items[1]["Flags"] == 7, "flags")
check(c.kv.put("py/a", "x", cas=0) is False, "cas=0 on existing key")

step = "kv-blocking"
result = {}


def blocker():
    t0 = time.time()
    result["r"] = c.kv.get("py/a", index=idx, wait="10s")
    result["t"] = time.time() - t0


th = threading.Thread(target=blocker)
th.start()
time.sleep(0.3)
check(th.is_alive(), "blocking get returned before any write")
c.kv.put("py/a", "2")
th.join(5)
check(not th.is_alive(), "blocking get not woken")
new_idx, new_data = result["r"]
check(int(new_idx) > int(idx) and new_data["Value"] == b"2", "woken with the new value %r" % (result,))
check(c.kv.delete("py/", recurse=True), "delete recurse")
check(c.kv.get("py/a")[1] is None, "deleted")

# --- sessions and locks
step = "sessions"
s1 = c.session.create(name="py-lock-1", ttl=30)
s2 = c.session.create(name="py-lock-2", behavior="delete", lock_delay=0)
check(len(s1) == 36, "session id %r" % s1)
_, info = c.session.info(s1)
check(info["Name"] == "py-lock-1" and info["TTL"] == "30s", "info %r" % (info,))
_, sessions = c.session.list()
check({s["ID"] for s in sessions} >= {s1, s2}, "list")
renewed = c.session.renew(s1)
check(renewed["ID"] == s1, "renew %r" % (renewed,))

step = "locks"
check(c.kv.put("py/lock", "owner-1", acquire=s1) is True, "acquire")
check(c.kv.put("py/lock", "owner-2", acquire=s2) is False, "second session must not acquire")
_, held = c.kv.get("py/lock")
check(held["Session"] == s1 and held["LockIndex"] == 1, "held by s1 %r" % (held,))
check(c.kv.put("py/lock", "owner-1", release=s1) is True, "release")
_, rel = c.kv.get("py/lock")
check("Session" not in rel or rel["Session"] in (None, ""), "released %r" % (rel,))
check(c.kv.put("py/lock", "owner-2", acquire=s2) is True, "acquire after release")
c.session.destroy(s2)  # behaviour delete: the key goes away with the session
check(c.kv.get("py/lock")[1] is None, "behaviour=delete removed the key")
c.session.destroy(s1)
check(c.session.info(s1)[1] is None, "destroyed")

# --- agent registration with TTL checks
# python-consul 0.7.1 sends ttl_pass/ttl_fail and the agent deregistrations as GET, which Consul >= 1.0 answers with 405 (as we do);
# drive the same endpoints through the client's own HTTP layer with PUT.
def ttl(status, check_id, note):
    check(c.agent.check.ttl_pass(check_id) is False, "GET %s is refused like Consul 1.x does" % status)
    return c.http.put(consul.base.CB.bool(), "/v1/agent/check/%s/%s" % (status, check_id), params={"note": note})


step = "agent"
check(c.agent.service.register("py-web", service_id="py-web-1", port=8080, tags=["py"],
                               check=consul.Check.ttl("30s"), enable_tag_override=True) is True, "register")
check(c.agent.services()["py-web-1"]["EnableTagOverride"] is True, "EnableTagOverride kept")
check(status_of("get", "/v1/agent/service/deregister/py-web-1") == 405, "known path, wrong method")
check("py-web-1" in c.agent.services(), "agent services")
check(c.agent.checks()["service:py-web-1"]["Status"] == "critical", "TTL checks start critical")
check(ttl("pass", "service:py-web-1", "all good") is True, "ttl pass")
_, passing = c.health.service("py-web", passing=True)
check(len(passing) == 1 and passing[0]["Service"]["ID"] == "py-web-1", "passing %r" % (passing,))
check(c.agent.checks()["service:py-web-1"]["Output"] == "all good", "note -> Output")
check(ttl("fail", "service:py-web-1", "broken") is True, "ttl fail")
check(c.health.service("py-web", passing=True)[1] == [], "failing instance filtered by passing")
check(c.agent.check.register("py-extra", check=consul.Check.ttl("30s"), check_id="py-extra",
                             service_id="py-web-1") is True, "check register")
check(c.agent.checks()["py-extra"]["ServiceID"] == "py-web-1", "check bound to service")
check(c.agent.check.deregister("py-extra") is False, "GET deregister refused like Consul 1.x")
check(c.http.put(consul.base.CB.bool(), "/v1/agent/check/deregister/py-extra") is True, "check deregister")
_, hc = c.health.checks("py-web")
check([x["CheckID"] for x in hc] == ["service:py-web-1"], "health checks %r" % (hc,))

# --- catalog and health over another node
step = "catalog"
check(c.catalog.register("py-node", "10.9.9.9", service={"Service": "py-db", "Port": 5432, "Tags": ["primary"]},
                         check={"Name": "py-db-alive", "ServiceID": "py-db", "Status": "passing"}) is True, "register")
check(c.catalog.datacenters() == ["dc1"], "datacenters")
_, nodes = c.catalog.nodes()
check("py-node" in [n["Node"] for n in nodes], "nodes %r" % (nodes,))
_, rows = c.catalog.service("py-db", tag="primary")
check(len(rows) == 1 and rows[0]["Address"] == "10.9.9.9" and rows[0]["ServicePort"] == 5432, "service %r" % (rows,))
_, node = c.catalog.node("py-node")
check("py-db" in node["Services"], "node %r" % (node,))
_, services = c.catalog.services()
check("py-db" in services and "py-web" in services, "services %r" % (services,))
_, nh = c.health.node("py-node")
check([x["CheckID"] for x in nh] == ["py-db-alive"], "health node %r" % (nh,))
_, crit = c.health.state("critical")
check("service:py-web-1" in [x["CheckID"] for x in crit], "state critical")
check(c.catalog.deregister("py-node") is True, "deregister")
check("py-node" not in [n["Node"] for n in c.catalog.nodes()[1]], "node removed")
check(c.agent.service.deregister("py-web-1") is False, "GET deregister refused like Consul 1.x")
check(c.http.put(consul.base.CB.bool(), "/v1/agent/service/deregister/py-web-1") is True, "agent deregister")
check("py-web-1" not in c.agent.services(), "deregistered")

# --- prepared queries: create, read, execute by ID and by name, template, update, delete
step = "query"
check(c.agent.service.register("py-cache", service_id="py-cache-1", port=6379, tags=["v1"]) is True, "register cache")
q = c.query.create("py-cache", name="py-cache-q", tags=["v1"], onlypassing=False, ttl="10s", nearestn=1)
qid = q["ID"]
check(len(qid) == 36, "query id %r" % (q,))
got = c.query.get(qid)
check(got[0]["Name"] == "py-cache-q" and got[0]["Service"]["Service"] == "py-cache", "get %r" % (got,))
check(got[0]["DNS"]["TTL"] == "10s", "dns ttl %r" % (got,))
run = c.query.execute("py-cache-q", near="_agent", limit=5)
check(run["Service"] == "py-cache" and [n["Service"]["ID"] for n in run["Nodes"]] == ["py-cache-1"], "execute %r" % (run,))
check(run["Failovers"] == 0 and run["Datacenter"] == "dc1", "execute meta %r" % (run,))
check(c.query.execute(qid)["Nodes"][0]["Node"]["Node"] == c.agent.self()["Config"]["NodeName"], "execute by id")
tpl = c.query.create("${match(1)}", name="py-geo-", regexp="^py-geo-(.+)$")
check([n["Service"]["ID"] for n in c.query.execute("py-geo-py-cache")["Nodes"]] == ["py-cache-1"], "template")
check(c.query.explain("py-geo-py-cache")["Query"]["Service"]["Service"] == "py-cache", "explain")
c.query.update(qid, "py-cache", name="py-cache-q", tags=["v2"])
check(c.query.execute(qid)["Nodes"] == [], "updated tags filter everything out")
check(len(c.query.list()) == 2, "list")
c.query.delete(qid)
c.query.delete(tpl["ID"])
check(c.query.list() == [], "deleted")
check(c.http.put(consul.base.CB.bool(), "/v1/agent/service/deregister/py-cache-1") is True, "deregister cache")

print("ALL OK")
