package dev.sluice.sink;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * epoll where the platform has it (fewer copies and syscalls per read than NIO), NIO otherwise,
 * including when the epoll jars are not on the class path at all (they are only named in {@link
 * Epoll}, loaded after the check).
 */
record Transport(String name, IoHandlerFactory ioHandlers, Class<? extends ServerChannel> serverChannel) {

  static Transport choose(boolean preferNative) {
    if (preferNative && epollClassesPresent() && Epoll.available()) {
      return Epoll.transport();
    }
    return new Transport("nio", NioIoHandler.newFactory(), NioServerSocketChannel.class);
  }

  /** Daemon threads: a sink a test forgot to close must not keep the JVM alive. */
  EventLoopGroup newGroup(int threads, int port) {
    return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("sluice-sink-" + port, true), ioHandlers);
  }

  private static boolean epollClassesPresent() {
    try {
      Class.forName("io.netty.channel.epoll.Epoll", false, Transport.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /** Everything that names an epoll class. */
  private static final class Epoll {
    static boolean available() {
      return io.netty.channel.epoll.Epoll.isAvailable();
    }

    static Transport transport() {
      return new Transport("epoll", io.netty.channel.epoll.EpollIoHandler.newFactory(),
          io.netty.channel.epoll.EpollServerSocketChannel.class);
    }
  }
}
