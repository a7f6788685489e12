/**
 * Implementation of {@code io.nativemesh.tls}, not API and not used by other modules: X.509-SVID
 * verification and the cache of validated chains, leaf decoding, PEM parsing, the SSLContext SPI
 * that renews sessions and forces client authentication, the denial log.
 */
package io.nativemesh.tls.internal;
