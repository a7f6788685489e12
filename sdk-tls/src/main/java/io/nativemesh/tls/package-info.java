/**
 * The mesh TLS material a service works with: one immutable {@link io.nativemesh.tls.MeshState}
 * (leaf chain and key, trusted roots, intentions) published through a {@link
 * io.nativemesh.tls.MeshStateStore}; the {@link io.nativemesh.tls.MeshKeyManager} and {@link
 * io.nativemesh.tls.MeshTrustManager} that read it in every handshake; the JDK {@code SSLContext}
 * built from them ({@link io.nativemesh.tls.MeshSslContexts}), which never needs a reload;
 * per-request authorization ({@link io.nativemesh.tls.RequestAuthorizer}); the verification policy,
 * readiness and refusal types. Plain JSSE: nothing here needs Netty.
 *
 * <p>Where the material comes from (the agent's leaf, roots and intentions watches and the expiry
 * watchdog) is {@code io.nativemesh.tls.source}; what the mesh reports is {@code
 * io.nativemesh.tls.metrics}; the rest is {@code io.nativemesh.tls.internal}, not API.
 */
package io.nativemesh.tls;
