/**
 * The built-in Connect CA: root generation, leaf signing (Bouncy Castle for ASN.1 only, JDK
 * crypto), PEM/colon-hex encodings and the agent-side leaf cache with Consul's renewal timing.
 */
package io.nativemesh.server.internal.ca;
