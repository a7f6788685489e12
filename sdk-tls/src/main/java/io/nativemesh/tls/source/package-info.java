/**
 * Where a service's mesh TLS material comes from: {@link io.nativemesh.tls.source.MeshTlsSource}
 * feeds a {@code MeshStateStore} from the agent's blocking watches (Consul API: {@code
 * /v1/agent/connect/ca/leaf/:service}, {@code /v1/agent/connect/ca/roots}, {@code
 * /v1/connect/intentions/match?by=destination}), validates each leaf before publishing it, and runs
 * the expiry watchdog; {@link io.nativemesh.tls.source.AgentAuthorizer} authorizes connections
 * through {@code /v1/agent/connect/authorize} when the token may not read intentions.
 */
package io.nativemesh.tls.source;
