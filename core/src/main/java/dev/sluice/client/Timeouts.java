package dev.sluice.client;

import java.time.Duration;
import java.util.Objects;

/**
 * How long each phase may take. Defaults are RFC 5321 4.5.3.2's minimums for the SMTP replies and
 * sensible values for the rest; every timer runs on the connection's own event loop.
 *
 * @param connect TCP connect
 * @param greeting the 220 greeting (RFC: 5 min)
 * @param command EHLO, STARTTLS, AUTH, RSET, NOOP replies, and getting an OAuth token
 * @param tlsHandshake the TLS handshake
 * @param mail the MAIL reply (RFC: 5 min)
 * @param rcpt each RCPT reply (RFC: 5 min)
 * @param dataInit the reply to DATA (RFC: 2 min)
 * @param dataBlock progress while writing message data: no chunk accepted by the socket for this
 *     long is a timeout (RFC: 3 min)
 * @param finalDot the reply to the end of data or BDAT LAST (RFC: 10 min)
 * @param quit the reply to QUIT
 */
public record Timeouts(Duration connect, Duration greeting, Duration command, Duration tlsHandshake,
    Duration mail, Duration rcpt, Duration dataInit, Duration dataBlock, Duration finalDot, Duration quit) {

  public static final Timeouts RFC_5321 = new Timeouts(Duration.ofSeconds(30), Duration.ofMinutes(5),
      Duration.ofMinutes(5), Duration.ofSeconds(60), Duration.ofMinutes(5), Duration.ofMinutes(5),
      Duration.ofMinutes(2), Duration.ofMinutes(3), Duration.ofMinutes(10), Duration.ofSeconds(30));

  public Timeouts {
    for (Duration d : new Duration[] {connect, greeting, command, tlsHandshake, mail, rcpt, dataInit, dataBlock,
        finalDot, quit}) {
      Objects.requireNonNull(d, "every timeout must be set");
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("timeouts must be positive: " + d);
      }
    }
  }

  /** Every timeout set to {@code d}: handy for tests and for a CLI {@code --timeout-s}. */
  public static Timeouts all(Duration d) {
    return new Timeouts(d, d, d, d, d, d, d, d, d, d);
  }

  /** The timeout that applies while waiting in {@code phase}. */
  public Duration of(SmtpPhase phase) {
    return switch (phase) {
      case CONNECT -> connect;
      case GREETING -> greeting;
      case EHLO, STARTTLS, TOKEN, AUTH, RSET, NOOP -> command;
      case TLS_HANDSHAKE -> tlsHandshake;
      case MAIL -> mail;
      case RCPT -> rcpt;
      case DATA -> dataInit;
      case DATA_CONTENT, BDAT -> dataBlock;
      case FINAL_DOT -> finalDot;
      case QUIT -> quit;
    };
  }

  /** The shortest of all: the period of a connection's single watchdog timer. */
  Duration shortest() {
    Duration min = connect;
    for (Duration d : new Duration[] {greeting, command, tlsHandshake, mail, rcpt, dataInit, dataBlock, finalDot,
        quit}) {
      if (d.compareTo(min) < 0) {
        min = d;
      }
    }
    return min;
  }
}
