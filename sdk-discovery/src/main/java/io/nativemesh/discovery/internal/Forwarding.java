package io.nativemesh.discovery.internal;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/** The Netty transport of local forwarders (NIO, daemon threads) and its buffer marks. Stateless. */
public final class Forwarding {
  /** Back-pressure marks: stop reading the other side above 256 KiB queued, resume below 64 KiB. */
  public static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(64 * 1024, 256 * 1024);

  private Forwarding() {}

  /**
   * @param threads event loop threads
   * @param name thread name prefix
   * @return a new event loop group of daemon threads
   */
  public static EventLoopGroup newGroup(int threads, String name) {
    return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true), NioIoHandler.newFactory());
  }

  /** @return the socket channel class */
  public static Class<? extends Channel> socketChannelType() {
    return NioSocketChannel.class;
  }

  /** @return the server socket channel class */
  public static Class<? extends ServerChannel> serverChannelType() {
    return NioServerSocketChannel.class;
  }
}
