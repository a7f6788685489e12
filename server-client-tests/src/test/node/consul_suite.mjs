// Drives a NativeMesh server with Node's `consul` package (2.0.1, from package-lock.json).
// Usage: node consul_suite.mjs <port>. Prints "ALL OK" and exits 0 when every step passed; a failed
// step exits 1 naming it. Run by NodeConsulClientIT (server-client-tests).
import Consul from "consul";

const port = Number(process.argv[2]);
const consul = new Consul({ host: "127.0.0.1", port });
let step = "start";

function check(cond, what) {
  if (!cond) {
    throw new Error(`${step}: ${what}`);
  }
}

async function rejects(promise, status, text, what) {
  try {
    await promise;
  } catch (e) {
    const code = e.statusCode ?? e.response?.statusCode;
    check(status === undefined || code === status, `${what}: status ${code} (${e.message})`);
    // the client puts short plain-text bodies in the message; the response keeps every body
    const body = `${e.message} ${e.response?.body ?? ""}`;
    check(text === undefined || body.includes(text), `${what}: message ${body}`);
    return;
  }
  check(false, `${what}: no error`);
}

const nodeName = "node-js-agent";

// --- the built-in consul service: catalog and health, not the agent
step = "consul-service";
let services = await consul.catalog.service.list();
check(JSON.stringify(services) === '{"consul":[]}', `catalog services ${JSON.stringify(services)}`);
let nodes = await consul.catalog.service.nodes("consul");
check(nodes.length === 1 && nodes[0].ServicePort === 8300, `consul nodes ${JSON.stringify(nodes)}`);
let health = await consul.health.service({ service: "consul", passing: true });
check(health[0].Checks[0].CheckID === "serfHealth", `consul health ${JSON.stringify(health)}`);
check(!("Kind" in health[0].Service), "empty Kind omitted");
let node = await consul.catalog.node.services(nodeName);
check(node.Services.consul.Port === 8300, `node services ${JSON.stringify(node)}`);
check(Object.keys(await consul.agent.service.list()).length === 0, "agent services empty");

// --- serfHealth is not an agent check
step = "serfHealth";
check(!("serfHealth" in (await consul.agent.check.list())), "agent checks hold serfHealth");
await rejects(consul.agent.check.deregister("serfHealth"), 404, undefined, "deregister serfHealth");
const sid = (await consul.session.create()).ID;
check(sid.length === 36, "session after the refused deregister");

// --- agent self and members
step = "agent-self";
const self = await consul.agent.self();
for (const f of ["ProtocolMin", "ProtocolMax", "ProtocolCur", "DelegateMin", "DelegateMax", "DelegateCur"]) {
  check(Number.isInteger(self.Member[f]), `Member.${f} ${JSON.stringify(self.Member)}`);
}
check(self.Stats.consul.leader_addr.endsWith(":8300"), `Stats ${JSON.stringify(self.Stats.consul)}`);
check(self.DebugConfig.NodeName === nodeName, "DebugConfig");
check(self.Coord.Vec.length === 8, "Coord");
const wan = await consul.agent.members({ wan: true });
check(wan[0].Name === `${nodeName}.dc1`, `WAN member ${wan[0].Name}`);
check((await consul.status.leader()).endsWith(":8300"), "status leader");

// --- registration: integer-nanosecond TTL, lowercase field names through the client
step = "registration";
await consul.agent.service.register({
  name: "web",
  id: "web-1",
  port: 8080,
  tags: ["v1"],
  check: { ttl: 30000000000, status: "passing" },
});
const agentServices = await consul.agent.service.list();
check(agentServices["web-1"].Port === 8080, `registered ${JSON.stringify(agentServices)}`);
check(!("Kind" in agentServices["web-1"]), "empty Kind omitted from agent services");
await consul.agent.check.pass("service:web-1");
health = await consul.health.service({ service: "web", passing: true });
check(health.length === 1, `web passing ${JSON.stringify(health)}`);

// --- KV: acquire with an unknown session, transactions with lowercase names
step = "kv";
check((await consul.kv.set("js/a", "1")) === true, "set");
await rejects(
  consul.kv.set({ key: "js/lock", value: "x", acquire: "00000000-0000-0000-0000-00000000beef" }),
  undefined,
  'invalid session "00000000-0000-0000-0000-00000000beef"',
  "acquire with an unknown session",
);
check((await consul.kv.set({ key: "js/lock", value: "x", acquire: sid })) === true, "acquire");
const txn = await consul.transaction.create([
  { kv: { verb: "set", key: "js/txn", value: Buffer.from("t").toString("base64"), flags: 3 } },
  { kv: { verb: "get", key: "js/a" } },
]);
check(txn.Results.length === 2 && txn.Results[1].KV.Value === "MQ==", `txn ${JSON.stringify(txn)}`);
check((await consul.kv.get("js/txn")).Flags === 3, "txn flags");

// --- events
step = "events";
const fired = await consul.event.fire("deploy", "v2");
check(fired.Name === "deploy" && fired.ID.length === 36, `fired ${JSON.stringify(fired)}`);
const events = await consul.event.list({ name: "deploy" });
check(events.length >= 1 && events[events.length - 1].Payload.toString() === "v2", `events ${JSON.stringify(events)}`);

// --- agent operations of a single node
step = "agent-ops";
await consul.agent.join("127.0.0.1");
await rejects(consul.agent.join("10.9.9.9"), 400, "single-node", "join another agent");
await rejects(consul.agent.forceLeave("ghost"), 404, undefined, "force-leave an unknown node");
await consul.agent.reload();

// --- ACLs are disabled on this server: every ACL endpoint says so
step = "acl";
await rejects(consul.acl.bootstrap(), 401, "ACL support disabled", "acl bootstrap");
await rejects(consul.acl.replication(), 401, "ACL support disabled", "acl replication");

console.log("ALL OK");
