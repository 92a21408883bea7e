package dev.sluice.client;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/**
 * Picks the socket layer: native epoll on Linux when it loads, NIO otherwise; io_uring when asked
 * for ({@link TransportType#IO_URING}, optional jars like epoll's). The epoll jars
 * ({@code netty-transport-classes-epoll} and {@code netty-transport-native-epoll}) are optional
 * dependencies: without them on the class path nothing of epoll is loaded (its classes are only
 * named inside {@link EpollSupport}, which is touched only after the check).
 *
 * <p>Public for the modules that run their own channels on a client's event loops (the router's
 * DNS resolver): a channel must be of the group's kind, and only this class may name epoll.
 */
public final class Transports {

  /** Whether the epoll Java classes are on the class path at all (the native library may still fail to load). */
  private static final boolean EPOLL_CLASSES = present("io.netty.channel.epoll.Epoll");
  /** The same for io_uring (netty-transport-classes-io_uring). */
  private static final boolean IO_URING_CLASSES = present("io.netty.channel.uring.IoUring");

  private Transports() {}

  static boolean epollAvailable() {
    return EPOLL_CLASSES && EpollSupport.available();
  }

  static boolean ioUringAvailable() {
    return IO_URING_CLASSES && IoUringSupport.available();
  }

  static boolean useEpoll(TransportType type) {
    if (type == TransportType.EPOLL && !epollAvailable()) {
      throw new IllegalStateException("the epoll transport is not available: " + (EPOLL_CLASSES
          ? EpollSupport.unavailabilityCause()
          : "add io.netty:netty-transport-native-epoll (classifier linux-x86_64 or linux-aarch_64) to the class path"));
    }
    return type != TransportType.NIO && epollAvailable();
  }

  /**
   * A group of {@code threads} event loops, or one per core when 0 (Netty's default of two per core
   * only adds context switches for a client, whose loops are rarely blocked).
   */
  public static EventLoopGroup newGroup(TransportType type, int threads, String name) {
    IoHandlerFactory factory;
    if (type == TransportType.IO_URING) {
      if (!ioUringAvailable()) {
        throw new IllegalStateException("the io_uring transport is not available: " + (IO_URING_CLASSES
            ? IoUringSupport.unavailabilityCause()
            : "add io.netty:netty-transport-native-io_uring (classifier linux-x86_64 or linux-aarch_64) to the class path"));
      }
      factory = IoUringSupport.ioHandlers();
    } else {
      factory = useEpoll(type) ? EpollSupport.ioHandlers() : NioIoHandler.newFactory();
    }
    int n = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    return new MultiThreadIoEventLoopGroup(n, new io.netty.util.concurrent.DefaultThreadFactory(name, true), factory);
  }

  /** The datagram channel class that fits {@code group} (for DNS over UDP). */
  public static Class<? extends io.netty.channel.socket.DatagramChannel> datagramChannelType(EventLoopGroup group) {
    if (isIoUring(group)) {
      return IoUringSupport.datagramChannelType();
    }
    if (epollAvailable() && group instanceof io.netty.channel.IoEventLoopGroup io && EpollSupport.isEpoll(io)) {
      return EpollSupport.datagramChannelType();
    }
    return io.netty.channel.socket.nio.NioDatagramChannel.class;
  }

  /** The channel class that fits {@code group}. */
  public static Class<? extends SocketChannel> channelType(EventLoopGroup group) {
    if (isIoUring(group)) {
      return IoUringSupport.channelType();
    }
    if (epollAvailable() && group instanceof io.netty.channel.IoEventLoopGroup io && EpollSupport.isEpoll(io)) {
      return EpollSupport.channelType();
    }
    return NioSocketChannel.class;
  }

  /** A short name of the transport for diagnostics. */
  static String name(EventLoopGroup group) {
    return isIoUring(group) ? "io_uring" : channelType(group) == NioSocketChannel.class ? "nio" : "epoll";
  }

  private static boolean isIoUring(EventLoopGroup group) {
    return IO_URING_CLASSES && group instanceof io.netty.channel.IoEventLoopGroup io && IoUringSupport.isIoUring(io);
  }

  private static boolean present(String className) {
    try {
      Class.forName(className, false, Transports.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /** Everything that names an epoll class; loaded only when those classes are present. */
  private static final class EpollSupport {
    static boolean available() {
      return io.netty.channel.epoll.Epoll.isAvailable();
    }

    static String unavailabilityCause() {
      return String.valueOf(io.netty.channel.epoll.Epoll.unavailabilityCause());
    }

    static IoHandlerFactory ioHandlers() {
      return io.netty.channel.epoll.EpollIoHandler.newFactory();
    }

    static boolean isEpoll(io.netty.channel.IoEventLoopGroup group) {
      return group.isIoType(io.netty.channel.epoll.EpollIoHandler.class);
    }

    static Class<? extends SocketChannel> channelType() {
      return io.netty.channel.epoll.EpollSocketChannel.class;
    }

    static Class<? extends io.netty.channel.socket.DatagramChannel> datagramChannelType() {
      return io.netty.channel.epoll.EpollDatagramChannel.class;
    }
  }

  /** Everything that names an io_uring class; loaded only when those classes are present. */
  private static final class IoUringSupport {
    static boolean available() {
      return io.netty.channel.uring.IoUring.isAvailable();
    }

    static String unavailabilityCause() {
      return String.valueOf(io.netty.channel.uring.IoUring.unavailabilityCause());
    }

    static IoHandlerFactory ioHandlers() {
      return io.netty.channel.uring.IoUringIoHandler.newFactory();
    }

    static boolean isIoUring(io.netty.channel.IoEventLoopGroup group) {
      return group.isIoType(io.netty.channel.uring.IoUringIoHandler.class);
    }

    static Class<? extends SocketChannel> channelType() {
      return io.netty.channel.uring.IoUringSocketChannel.class;
    }

    static Class<? extends io.netty.channel.socket.DatagramChannel> datagramChannelType() {
      return io.netty.channel.uring.IoUringDatagramChannel.class;
    }
  }
}
