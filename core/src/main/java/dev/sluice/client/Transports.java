package dev.sluice.client;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/** Picks the socket layer: native epoll on Linux when it loads, NIO otherwise. */
final class Transports {

  private Transports() {}

  static boolean useEpoll(TransportType type) {
    if (type == TransportType.EPOLL && !Epoll.isAvailable()) {
      throw new IllegalStateException("the epoll transport is not available: " + Epoll.unavailabilityCause());
    }
    return type != TransportType.NIO && Epoll.isAvailable();
  }

  /**
   * A group of {@code threads} event loops, or one per core when 0 (Netty's default of two per core
   * only adds context switches for a client, whose loops are rarely blocked).
   */
  static EventLoopGroup newGroup(TransportType type, int threads, String name) {
    IoHandlerFactory factory = useEpoll(type) ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    int n = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    return new MultiThreadIoEventLoopGroup(n, new io.netty.util.concurrent.DefaultThreadFactory(name, true), factory);
  }

  /** The channel class that fits {@code group}. */
  static Class<? extends SocketChannel> channelType(EventLoopGroup group) {
    boolean epoll = group instanceof io.netty.channel.IoEventLoopGroup io && Epoll.isAvailable()
        && io.isIoType(EpollIoHandler.class);
    return epoll ? EpollSocketChannel.class : NioSocketChannel.class;
  }

  /** A short name of the transport for diagnostics. */
  static String name(EventLoopGroup group) {
    return channelType(group) == EpollSocketChannel.class ? "epoll" : "nio";
  }
}
