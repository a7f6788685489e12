package io.nativemesh.discovery;

import io.nativemesh.discovery.internal.ForwarderServer;

/**
 * A local TCP port (normally on 127.0.0.1) whose connections are forwarded over mutual TLS to a
 * healthy instance of an upstream — Consul's {@code local_bind_port}, for clients that cannot take
 * an SSLContext (JDBC drivers, Redis clients). Each connection is balanced, retried and guarded by
 * the upstream's {@link UpstreamPolicy}. Thread-safe.
 */
public final class UpstreamListener extends ForwarderHandle {
  private final UpstreamTarget target;

  UpstreamListener(ForwarderServer server, UpstreamTarget target) {
    super(server);
    this.target = target;
  }

  /** @return the upstream it forwards to */
  public UpstreamTarget target() {
    return target;
  }

  @Override
  public String toString() {
    return "UpstreamListener[" + address() + " -> " + target + "]";
  }
}
