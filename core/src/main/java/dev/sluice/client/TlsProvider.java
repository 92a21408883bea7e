package dev.sluice.client;

/** Which TLS implementation to use. */
public enum TlsProvider {
  /** OpenSSL (BoringSSL, through netty-tcnative) when it loads on this platform, else the JDK's. */
  AUTO,
  /** The JDK's own TLS. */
  JDK,
  /** OpenSSL; fails when it cannot be loaded. */
  OPENSSL
}
