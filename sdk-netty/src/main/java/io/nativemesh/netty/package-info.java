/**
 * Netty integration of the mesh TLS material: {@link io.nativemesh.netty.MeshNettyContexts} builds
 * server and client {@code SslContext}s on the JDK or OpenSSL engine ({@link
 * io.nativemesh.netty.TlsEngine}) over the same key and trust managers as the JDK {@code
 * SSLContext} of {@code io.nativemesh.tls}, and {@link io.nativemesh.netty.MaxConnectionAgeHandler}
 * bounds how long a connection outlives a rotation or an intention change. This module is optional:
 * the rest of the SDK runs on plain JSSE without Netty on the class path.
 */
package io.nativemesh.netty;
