package dev.sluice.dkim;

import java.util.Arrays;

/** A growable byte array, reused per thread for the header data to sign (kilobytes, not the body). */
final class Bytes {
  private byte[] buf;
  private int length;

  Bytes(int capacity) {
    buf = new byte[capacity];
  }

  void reset() {
    length = 0;
  }

  void write(byte b) {
    if (length == buf.length) {
      buf = Arrays.copyOf(buf, buf.length * 2);
    }
    buf[length++] = b;
  }

  void write(byte[] b, int off, int len) {
    if (length + len > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(length + len, buf.length * 2));
    }
    System.arraycopy(b, off, buf, length, len);
    length += len;
  }

  void ascii(String s) {
    for (int i = 0; i < s.length(); i++) {
      write((byte) s.charAt(i));
    }
  }

  void truncate(int newLength) {
    length = newLength;
  }

  byte[] array() {
    return buf;
  }

  int length() {
    return length;
  }
}
