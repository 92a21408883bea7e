package dev.sluice.codec;

import java.util.Locale;

/**
 * Server side: one command line as received, without its line ending. {@link #verb()} is the first
 * word upper-cased; {@link #argument()} the rest after one space. During AUTH the whole
 * {@link #line()} is the client's SASL response.
 */
public record SmtpCommandLine(String line) {

  public String verb() {
    int sp = line.indexOf(' ');
    return (sp < 0 ? line : line.substring(0, sp)).toUpperCase(Locale.ROOT);
  }

  /** Everything after the verb and the space that follows it; empty when there is nothing. */
  public String argument() {
    int sp = line.indexOf(' ');
    return sp < 0 ? "" : line.substring(sp + 1);
  }

  @Override
  public String toString() {
    return SmtpText.escape(line);
  }
}
