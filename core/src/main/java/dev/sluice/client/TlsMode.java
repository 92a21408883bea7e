package dev.sluice.client;

/** How a connection is protected. */
public enum TlsMode {
  /** STARTTLS on a plaintext port (587); fail if the server cannot do it. The default. */
  STARTTLS_REQUIRED,
  /** TLS from the first byte (port 465); never falls back. */
  IMPLICIT,
  /**
   * STARTTLS when offered, cleartext otherwise. Credentials are still never sent in cleartext
   * unless explicitly allowed.
   */
  STARTTLS_OPPORTUNISTIC,
  /** No TLS at all: an explicit opt-out, for test servers and trusted local relays. */
  NONE;

  /** True when this mode never accepts a cleartext session. */
  public boolean requiresTls() {
    return this == STARTTLS_REQUIRED || this == IMPLICIT;
  }
}
