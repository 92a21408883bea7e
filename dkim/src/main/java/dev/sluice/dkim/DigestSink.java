package dev.sluice.dkim;

import java.security.MessageDigest;

/** The last stage: SHA-256 of the canonical body ({@code bh=}). */
final class DigestSink implements ByteSink {
  private final MessageDigest digest;

  DigestSink(MessageDigest digest) {
    this.digest = digest;
  }

  @Override
  public void write(byte[] b, int off, int len) {
    digest.update(b, off, len);
  }

  @Override
  public void end() {}
}
