package io.nativemesh.discovery;

import io.nativemesh.discovery.internal.ForwarderServer;
import java.net.InetSocketAddress;

/**
 * The mesh port of a service whose server speaks plain TCP (an unmodified Redis or Postgres):
 * mutual TLS is terminated here, the caller is authorized against intentions in the handshake, and
 * bytes are forwarded to the local server. If the local server is down, mesh connections are closed
 * before the handshake completes, so callers fail over to another instance. Thread-safe.
 */
public final class InboundForwarder extends ForwarderHandle {
  private final InetSocketAddress local;

  InboundForwarder(ForwarderServer server, InetSocketAddress local) {
    super(server);
    this.local = local;
  }

  /** @return the local plain-TCP server it forwards to */
  public InetSocketAddress local() {
    return local;
  }

  @Override
  public String toString() {
    return "InboundForwarder[" + address() + " -> " + local + "]";
  }
}
