package dev.sluice.client;

/** The socket layer. */
public enum TransportType {
  /** epoll on Linux when the native library loads, else NIO. */
  AUTO,
  NIO,
  EPOLL,
  /**
   * io_uring (Linux 5.9+, netty-transport-native-io_uring on the class path): asked for explicitly
   * only; AUTO keeps epoll, which measured as fast for small messages on loopback (bench/README.md,
   * "Loopback against sluice sink").
   */
  IO_URING
}
