#!/usr/bin/env bash
# The greeter demo with the greeting service on Spring Boot: the companion server, the plain-SDK `name`
# and `greeter`, and samples/spring-greeting as `greeting`. The plain greeter calls the Spring greeting,
# which calls name; an intruder with a valid mesh certificate but no intention is refused.
# Build first: mvn -B -q -DskipTests package -pl samples/demo,samples/spring-greeting -am
# Ports: 18500 (server), 18080 (greeter's plain HTTP). Stops everything it started on exit.
set -euo pipefail
cd "$(dirname "$0")/../.."
DEMO=samples/demo/target/nativemesh-demo.jar
SPRING=samples/spring-greeting/target/spring-greeting.jar
export CONSUL_HTTP_ADDR=http://127.0.0.1:18500
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT
java -cp "$DEMO" io.nativemesh.server.Launcher agent -dev -http-port 18500 \
  -default-intention-policy deny -leaf-cert-ttl 10s >/tmp/spring-demo-server.log 2>&1 & pids+=($!)
until curl -fs "$CONSUL_HTTP_ADDR/v1/status/leader" >/dev/null; do sleep 0.2; done
for pair in greeter:greeting greeter:name greeting:name; do
  curl -fs -X PUT -d '{"SourceType":"consul","Action":"allow"}' \
    "$CONSUL_HTTP_ADDR/v1/connect/intentions/exact?source=${pair%%:*}&destination=${pair##*:}" >/dev/null
done
echo "intentions: greeter => greeting, greeter => name, greeting => name; everything else denied"
java -cp "$DEMO" io.nativemesh.samples.greeter.WordService -service name -instance name-1 \
  >/tmp/spring-demo-name.log 2>&1 & pids+=($!)
java -jar "$SPRING" >/tmp/spring-demo-greeting.log 2>&1 & pids+=($!)
java -cp "$DEMO" io.nativemesh.samples.greeter.GreeterService -instance greeter-1 -port 18080 \
  >/tmp/spring-demo-greeter.log 2>&1 & pids+=($!)
for i in $(seq 1 8); do
  out=$(curl -fs http://127.0.0.1:18080/ || true)
  echo "greeter: ${out:-(not ready yet)}"
  sleep 2
done
echo "intruder (valid mesh certificate, no intention) calls greeting ..."
timeout 90 java -cp "$DEMO" io.nativemesh.samples.greeter.IntruderClient 2>/tmp/spring-demo-intruder.log || true
echo "Spring greeting's /actuator/health/nativemesh is served over mTLS only; its log: /tmp/spring-demo-greeting.log"
