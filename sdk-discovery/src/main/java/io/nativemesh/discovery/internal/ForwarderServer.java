package io.nativemesh.discovery.internal;

import java.net.InetSocketAddress;

/**
 * The listening side of one running local forwarder, as its public handle sees it: no Netty type
 * appears here, so the handles load without Netty on the class path. Thread-safe.
 */
public interface ForwarderServer extends AutoCloseable {
  /** @return the bound address */
  InetSocketAddress address();

  /** @return accepted connections currently open */
  int connections();

  /** Stops listening and closes every connection; waits up to 5 s for that. */
  @Override
  void close();
}
