package dev.sluice.client;

/** The socket layer. */
public enum TransportType {
  /** epoll on Linux when the native library loads, else NIO. */
  AUTO,
  NIO,
  EPOLL
}
