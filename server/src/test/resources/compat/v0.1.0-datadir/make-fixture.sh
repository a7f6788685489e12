#!/usr/bin/env bash
# Produces the v0.1.0 compatibility data directory (see README.txt next to this script).
#
#   make-fixture.sh <server jar built from the v0.1.0 code> <new data dir> [http port]
#
# Needs java 17, curl, jq and openssl. Two runs of the real server on 127.0.0.1:
#   run 1 writes the first half and is stopped with SIGTERM (clean shutdown: the store writes its
#         final snapshot, which covers every command so far, and drops those log entries);
#   run 2 writes the second half and is killed with SIGKILL once every write was acknowledged
#         (each acknowledged write is committed and fsynced), so those commands stay in the log
#         after the snapshot: a clean shutdown always snapshots, so this is the only way a data
#         directory holds both.
set -euo pipefail
JAR=$1
DIR=$2
PORT=${3:-18577}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
MGMT=5d0a4c6e-6f41-4c1e-9f59-0b6f3c7e2a11
URL=http://127.0.0.1:$PORT

cat > "$WORK/agent.json" <<EOF
{"acl": {"enabled": true, "default_policy": "allow", "tokens": {"initial_management": "$MGMT"}}}
EOF

start() {
  java -jar "$JAR" agent -data-dir "$DIR" -client 127.0.0.1 -http-port "$PORT" -node compat-node \
    -datacenter dc1 -config-file "$WORK/agent.json" >> "$WORK/server.log" 2>&1 &
  PID=$!
  for _ in $(seq 1 100); do
    curl -sf "$URL/v1/status/leader" > /dev/null && return 0
    sleep 0.2
  done
  cat "$WORK/server.log"
  echo "server did not start" >&2
  exit 1
}

# call METHOD PATH [BODY]: fails on a non-2xx answer, prints the body
call() {
  local m=$1 p=$2 body=${3-}
  if [ -n "$body" ]; then
    curl -sS -f -X "$m" -H "X-Consul-Token: $MGMT" --data-binary "$body" "$URL$p"
  else
    curl -sS -f -X "$m" -H "X-Consul-Token: $MGMT" "$URL$p"
  fi
  echo
}

# ---- run 1: ends with a clean shutdown (snapshot) ----
start
call PUT '/v1/kv/config/app/name?flags=42' 'web-app'
call PUT '/v1/kv/config/app/replicas' '3'
printf '\x00\x01\xfe\xff' > "$WORK/bin"
call PUT '/v1/kv/blob/raw?flags=7' "@$WORK/bin"
call PUT '/v1/kv/config/empty'
S1=$(call PUT /v1/session/create '{"Name":"leader-election","LockDelay":"15s","Behavior":"release"}' | jq -r .ID)
call PUT "/v1/kv/service/web/leader?acquire=$S1&flags=1" 'compat-node'
call PUT /v1/agent/service/register '{"ID":"web-1","Name":"web","Port":8080,"Tags":["v1","primary"],"Meta":{"version":"1.0"},"Connect":{"Native":true},"Check":{"CheckID":"web-1-ttl","Name":"web ttl","TTL":"1h"}}'
call PUT '/v1/agent/check/pass/web-1-ttl?note=ready'
call PUT /v1/catalog/register '{"Node":"ext-db-node","Address":"10.0.0.5","Datacenter":"dc1","NodeMeta":{"external":"true"},"Service":{"ID":"ext-db-1","Service":"ext-db","Port":5432,"Tags":["primary"]},"Checks":[{"CheckID":"ext-db-alive","Name":"ext db alive","Status":"passing","ServiceID":"ext-db-1"}]}'
call PUT '/v1/connect/intentions/exact?source=web&destination=db' '{"Action":"deny","Description":"legacy exact"}'
call GET /v1/agent/connect/ca/leaf/web > "$WORK/leaf1.json"
kill -TERM "$PID"
wait "$PID" || true

# ---- run 2: ends with SIGKILL after every write was acknowledged (log tail) ----
start
call PUT /v1/txn '[{"KV":{"Verb":"set","Key":"txn/a","Value":"YQ=="}},{"KV":{"Verb":"set","Key":"txn/b","Value":"Yg==","Flags":5}}]'
REPL=$(call GET /v1/kv/config/app/replicas | jq -r '.[0].ModifyIndex')
call PUT "/v1/kv/config/app/replicas?cas=$REPL" '5'
call PUT /v1/kv/tmp/gone 'x'
call DELETE /v1/kv/tmp/gone
S2=$(call PUT /v1/session/create '{"Name":"worker","TTL":"3600s","Behavior":"delete","LockDelay":"0s"}' | jq -r .ID)
call PUT "/v1/kv/locks/worker?acquire=$S2" 'busy'
S3=$(call PUT /v1/session/create '{"Name":"short-lived","LockDelay":"10s"}' | jq -r .ID)
call PUT "/v1/kv/locks/released?acquire=$S3" 'was-locked'
call PUT "/v1/session/destroy/$S3"
call PUT /v1/agent/service/register '{"ID":"api-1","Name":"api","Port":9090,"Check":{"CheckID":"api-1-ttl","Name":"api ttl","TTL":"1h"}}'
call PUT '/v1/agent/check/warn/api-1-ttl?note=warming-up'
call PUT /v1/agent/service/register '{"ID":"tmp-svc","Name":"tmp","Port":1}'
call PUT /v1/agent/service/deregister/tmp-svc
call PUT /v1/agent/check/register '{"ID":"mem","Name":"Memory","TTL":"1h","Notes":"node check"}'
call PUT /v1/agent/check/register '{"ID":"tmp-check","Name":"tmp","TTL":"1h"}'
call PUT /v1/agent/check/deregister/tmp-check
call PUT /v1/catalog/register '{"Node":"tmp-node","Address":"10.0.0.9"}'
call PUT /v1/catalog/deregister '{"Node":"tmp-node"}'
I1=$(call POST /v1/connect/intentions '{"SourceName":"api","DestinationName":"db","Action":"allow","Meta":{"ticket":"SEC-1"}}' | jq -r .ID)
call PUT "/v1/connect/intentions/$I1" '{"SourceName":"api","DestinationName":"db","Action":"allow","Description":"api reads db","Meta":{"ticket":"SEC-1"}}'
I2=$(call POST /v1/connect/intentions '{"SourceName":"tmp","DestinationName":"db","Action":"deny"}' | jq -r .ID)
call DELETE "/v1/connect/intentions/$I2"
call PUT '/v1/connect/intentions/exact?source=tmp2&destination=db' '{"Action":"deny"}'
call DELETE '/v1/connect/intentions/exact?source=tmp2&destination=db'
call PUT /v1/config '{"Kind":"service-intentions","Name":"payments","Meta":{"owner":"team-pay"},"Sources":[{"Name":"web","Action":"allow"},{"Name":"api","Permissions":[{"Action":"allow","HTTP":{"PathPrefix":"/v1/pay","Methods":["POST"]}}]},{"Name":"*","Action":"deny","Description":"default deny"}]}'
call PUT /v1/config '{"Kind":"service-intentions","Name":"tmp-entry","Sources":[{"Name":"web","Action":"allow"}]}'
call DELETE /v1/config/service-intentions/tmp-entry
call PUT /v1/acl/token '{"AccessorID":"0b1e7c5a-2f7d-4d38-8a3e-6c1f0e9d4b21","SecretID":"a6f3e2d1-9c8b-4a7e-b5d4-3c2b1a0f9e8d","Description":"web service token","ServiceIdentities":[{"ServiceName":"web"}]}'
call PUT /v1/acl/token '{"AccessorID":"3c9d2e1f-0a4b-4c5d-8e6f-7a8b9c0d1e2f","Description":"temporary"}'
call DELETE /v1/acl/token/3c9d2e1f-0a4b-4c5d-8e6f-7a8b9c0d1e2f
openssl ecparam -name prime256v1 -genkey -noout 2> /dev/null | openssl pkcs8 -topk8 -nocrypt > "$WORK/rotation-key.pem"
KEY=$(jq -Rs . < "$WORK/rotation-key.pem")
call PUT /v1/connect/ca/configuration "{\"Provider\":\"consul\",\"Config\":{\"PrivateKey\":$KEY,\"LeafCertTTL\":\"72h\"}}"
call PUT /v1/connect/ca/configuration "{\"Provider\":\"consul\",\"Config\":{\"PrivateKey\":$KEY,\"LeafCertTTL\":\"96h\"}}"
call GET /v1/agent/connect/ca/leaf/api > "$WORK/leaf2.json"
sleep 1
kill -KILL "$PID"
wait "$PID" || true
cp "$WORK/leaf1.json" "$WORK/leaf2.json" "$WORK/server.log" "${LEAF_OUT:-$WORK}/" 2> /dev/null || true
echo "sessions: S1=$S1 S2=$S2 S3=$S3; intentions: I1=$I1 I2=$I2"
