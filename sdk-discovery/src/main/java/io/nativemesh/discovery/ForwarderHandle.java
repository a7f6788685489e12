package io.nativemesh.discovery;

import io.netty.channel.Channel;
import io.netty.channel.group.ChannelGroup;
import java.net.InetSocketAddress;

/**
 * A running local forwarder (an {@link UpstreamListener} or an {@link InboundForwarder}): where it
 * listens, how many connections it carries. Closing it stops listening and closes its connections.
 * Thread-safe; {@link #close()} is idempotent.
 */
public abstract sealed class ForwarderHandle implements AutoCloseable permits UpstreamListener, InboundForwarder {
  private final Channel server;
  private final ChannelGroup connections;

  ForwarderHandle(Channel server, ChannelGroup connections) {
    this.server = server;
    this.connections = connections;
  }

  /** @return the bound address */
  public InetSocketAddress address() {
    return (InetSocketAddress) server.localAddress();
  }

  /** @return the bound port (the actual one when 0 was asked for) */
  public int port() {
    return address().getPort();
  }

  /** @return accepted connections currently open */
  public int connections() {
    return connections.size();
  }

  /** Stops listening and closes every connection; waits up to 5 s for that. */
  @Override
  public void close() {
    server.close().awaitUninterruptibly(5_000);
    connections.close().awaitUninterruptibly(5_000);
  }
}
