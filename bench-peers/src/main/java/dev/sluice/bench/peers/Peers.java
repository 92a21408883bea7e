package dev.sluice.bench.peers;

/** What the benchmarks of this module share. */
final class Peers {

  private Peers() {}

  /** The {@code tls} parameter: {@code none} or {@code starttls-jdk} (these clients have only the JDK's TLS). */
  static boolean starttls(String tls) {
    return switch (tls) {
      case "none" -> false;
      case "starttls-jdk" -> true;
      default -> throw new IllegalArgumentException("tls must be none or starttls-jdk: " + tls);
    };
  }
}
