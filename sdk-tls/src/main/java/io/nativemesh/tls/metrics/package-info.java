/**
 * What the mesh reports (handshake verifications, authorization decisions, leaf renewals, watch
 * errors, leaf expiry): the {@link io.nativemesh.tls.metrics.MeshMetrics} interface, a no-op by
 * default, and its Micrometer implementation {@link
 * io.nativemesh.tls.metrics.MicrometerMeshMetrics}, which needs the optional {@code
 * io.micrometer:micrometer-core}.
 */
package io.nativemesh.tls.metrics;
