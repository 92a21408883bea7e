package dev.sluice.sink.fault;

import java.time.Duration;
import java.util.Objects;

/** What an injected fault does. */
public sealed interface FaultAction {

  /**
   * Refuse the command with this reply instead of executing it: nothing of the command happens
   * (at {@link SmtpStep#DATA_END} the message is not stored). A 421 also closes the connection,
   * as RFC 5321 3.8 says it must. Only 4xx and 5xx codes: the sink cannot pretend success.
   */
  static Reply reply(int code, String text) {
    return new Reply(code, text);
  }

  /** Hold this reply, and every reply after it, for {@code duration}; then proceed normally. */
  static Delay delay(Duration duration) {
    return new Delay(duration);
  }

  /** Close the connection instead of replying (replies already due are sent first). */
  static Disconnect disconnect() {
    return Disconnect.INSTANCE;
  }

  /**
   * For DATA and BDAT: accept the command, then close the connection once {@code afterBytes}
   * octets of the message have arrived (or at its end, if it is shorter); never store or answer it.
   */
  static DisconnectMidData disconnectMidData(long afterBytes) {
    return new DisconnectMidData(afterBytes);
  }

  /** For scripts: handle this step normally. */
  static Proceed proceed() {
    return Proceed.INSTANCE;
  }

  /** See {@link FaultAction#reply(int, String)}. */
  record Reply(int code, String text) implements FaultAction {
    public Reply {
      Objects.requireNonNull(text, "text");
      if (code < 400 || code > 559 || code / 10 % 10 > 5) {
        throw new IllegalArgumentException("a fault reply code must be 4xx or 5xx (second digit 0-5): " + code);
      }
      if (text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0) {
        throw new IllegalArgumentException("a fault reply text must be one line");
      }
    }

    /** Whether the connection closes after this reply (421, RFC 5321 3.8). */
    public boolean closes() {
      return code == 421;
    }

    @Override
    public String toString() {
      return text.isEmpty() ? Integer.toString(code) : code + " " + text;
    }
  }

  /** See {@link FaultAction#delay(Duration)}. */
  record Delay(Duration duration) implements FaultAction {
    public Delay {
      Objects.requireNonNull(duration, "duration");
      if (duration.isNegative() || duration.isZero()) {
        throw new IllegalArgumentException("a delay must be positive: " + duration);
      }
    }

    @Override
    public String toString() {
      return "delay=" + duration.toMillis() + "ms";
    }
  }

  /** See {@link FaultAction#disconnect()}. */
  enum Disconnect implements FaultAction {
    INSTANCE;

    @Override
    public String toString() {
      return "disconnect";
    }
  }

  /** See {@link FaultAction#disconnectMidData(long)}. */
  record DisconnectMidData(long afterBytes) implements FaultAction {
    public DisconnectMidData {
      if (afterBytes < 1) {
        throw new IllegalArgumentException("disconnect-mid needs at least 1 byte of data: " + afterBytes);
      }
    }

    @Override
    public String toString() {
      return "disconnect-mid=" + afterBytes;
    }
  }

  /** See {@link FaultAction#proceed()}. */
  enum Proceed implements FaultAction {
    INSTANCE;

    @Override
    public String toString() {
      return "proceed";
    }
  }
}
