package dev.sluice.it.matrix;

import dev.sluice.it.peers.Exim;
import dev.sluice.it.peers.PostfixDovecot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Postfix or exim maildir: one file per recipient, LF line endings, the server's trace headers on
 * top (Postfix: Return-Path, X-Original-To, Delivered-To, Received; exim: Return-path, Envelope-to,
 * Delivery-date, Received). The recipient comes from Delivered-To / Envelope-to; TLS, AUTH and
 * SMTPUTF8 from the RFC 3848 / RFC 6531 protocol name in Received ({@code ESMTPSA},
 * {@code UTF8SMTPSA}, …); the mechanism (and for exim BDAT) from the server's log line for the
 * message's id.
 *
 * <p>Both servers store a message that does not begin with a header field (or an empty line)
 * behind a blank line of their own, so {@link #comparable} gives every such message one leading LF.
 */
final class MaildirStore implements Mailstore {

  private static final Pattern WITH = Pattern.compile("\\bwith\\s+([A-Za-z0-9]+)");
  private static final Pattern ID = Pattern.compile("\\bid\\s+([^\\s;]+)");
  private static final Pattern FIELD = Pattern.compile("^[\\x21-\\x39\\x3b-\\x7e]+:");

  /** How to read one server's maildir and log. */
  private record Format(Set<String> traceHeaders, String recipientHeader, LogIndex log, Pattern mechanism,
      boolean logsChunking) {}

  private final Supplier<List<Path>> files;
  private final Supplier<String> logTail;
  private final Format format;
  private final Map<Path, Parsed> parsed = new HashMap<>();
  private final Map<String, Parsed> byRecipient = new HashMap<>();

  private record Parsed(Path file, List<String> recipients, byte[] content, String protocol, String id) {}

  private MaildirStore(Supplier<List<Path>> files, Supplier<String> logTail, Format format) {
    this.files = files;
    this.logTail = logTail;
    this.format = format;
  }

  static MaildirStore postfix(PostfixDovecot postfix) {
    // "Nov 27 03:28:44 host postfix/smtpd[123]: 2D69820C4C2: client=…, sasl_method=PLAIN, …"
    LogIndex log = new LogIndex(postfix.maillog(), Pattern.compile("postfix/[\\w-]+\\[\\d+\\]: ([0-9A-F]{6,}): "));
    return new MaildirStore(postfix::deliveredFiles, postfix::logTail, new Format(
        Set.of("return-path", "x-original-to", "delivered-to", "received"), "delivered-to", log,
        Pattern.compile("sasl_method=([A-Za-z0-9-]+)"), false));
  }

  static MaildirStore exim(Exim exim) {
    // "2026-11-27 03:29:20 1xWmeG-0004UH-2c <= user@… H=… P=esmtpsa X=TLS1.3:… A=plain:user@… K S=249 …"
    LogIndex log = new LogIndex(exim.logFile(), Pattern.compile("^\\S+ \\S+ (\\w+-\\w+-\\w+) <= "));
    return new MaildirStore(exim::deliveredFiles, exim::logTail, new Format(
        Set.of("return-path", "envelope-to", "delivery-date", "received"), "envelope-to", log,
        Pattern.compile(" A=([A-Za-z0-9-]+):"), true));
  }

  @Override
  public synchronized List<Stored> await(List<String> recipients, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      refresh();
      List<Stored> found = new ArrayList<>();
      for (String r : recipients) {
        Parsed p = byRecipient.get(r);
        Stored s = p == null ? null : stored(r, p);
        if (s == null) {
          break;
        }
        found.add(s);
      }
      if (found.size() == recipients.size()) {
        return found;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("stored for " + found.size() + " of " + recipients.size() + " recipients after "
            + timeout.toMillis() + " ms (first missing: " + recipients.get(found.size()) + ")\n" + logTail.get());
      }
      sleep();
    }
  }

  @Override
  public synchronized boolean holdsAnythingFor(String recipient) {
    refresh();
    return byRecipient.containsKey(recipient);
  }

  @Override
  public byte[] comparable(byte[] message) {
    String lf = new String(message, StandardCharsets.ISO_8859_1).replace("\r\n", "\n");
    String firstLine = lf.contains("\n") ? lf.substring(0, lf.indexOf('\n')) : lf;
    if (!lf.startsWith("\n") && !FIELD.matcher(firstLine).find()) {
      lf = "\n" + lf;
    }
    return lf.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** The stored copy with the log's word on it, or null while the log has not said it yet. */
  private Stored stored(String recipient, Parsed p) {
    List<String> lines = format.log().lines(p.id());
    String mechanism = null;
    Boolean chunked = null;
    for (String line : lines) {
      Matcher m = format.mechanism().matcher(line);
      if (m.find()) {
        mechanism = m.group(1).toUpperCase(Locale.ROOT);
        chunked = format.logsChunking() ? line.contains(" K ") : null;
      }
    }
    String protocol = p.protocol().toUpperCase(Locale.ROOT);
    boolean authenticated = protocol.endsWith("A");
    if (authenticated && mechanism == null) {
      return null;
    }
    String bare = authenticated ? protocol.substring(0, protocol.length() - 1) : protocol;
    return new Stored(recipient, p.content(), bare.endsWith("S"), mechanism, protocol.startsWith("UTF8"), chunked,
        p.file().toString());
  }

  private void refresh() {
    for (Path f : files.get()) {
      if (!parsed.containsKey(f)) {
        Parsed p = parse(f);
        parsed.put(f, p);
        for (String r : p.recipients()) {
          byRecipient.put(r, p);
        }
      }
    }
  }

  /** Splits a delivered file into the server's trace headers (each at most once) and the message. */
  private Parsed parse(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> trace = new HashMap<>();
    Set<String> seen = new HashSet<>();
    int pos = 0;
    String current = null;
    ByteArrayOutputStream value = new ByteArrayOutputStream();
    while (pos < bytes.length) {
      int lf = indexOf(bytes, (byte) '\n', pos);
      int end = lf < 0 ? bytes.length : lf;
      String line = new String(bytes, pos, end - pos, StandardCharsets.UTF_8);
      if (current != null && (line.startsWith(" ") || line.startsWith("\t"))) {
        value.writeBytes((" " + line.strip()).getBytes(StandardCharsets.UTF_8));
      } else {
        if (current != null) {
          trace.put(current, value.toString(StandardCharsets.UTF_8));
          current = null;
        }
        int colon = line.indexOf(':');
        String name = colon > 0 ? line.substring(0, colon).toLowerCase(Locale.ROOT) : "";
        if (!format.traceHeaders().contains(name) || !seen.add(name)) {
          break;
        }
        current = name;
        value.reset();
        value.writeBytes(line.substring(colon + 1).strip().getBytes(StandardCharsets.UTF_8));
      }
      pos = end + 1;
    }
    if (current != null) {
      trace.put(current, value.toString(StandardCharsets.UTF_8));
    }
    byte[] content = pos >= bytes.length ? new byte[0] : java.util.Arrays.copyOfRange(bytes, pos, bytes.length);
    String received = trace.getOrDefault("received", "");
    Matcher with = WITH.matcher(received);
    Matcher id = ID.matcher(received);
    List<String> recipients = new ArrayList<>();
    for (String r : trace.getOrDefault(format.recipientHeader(), "").split(",")) {
      if (!r.isBlank()) {
        recipients.add(r.strip());
      }
    }
    return new Parsed(file, recipients, content, with.find() ? with.group(1) : "", id.find() ? id.group(1) : "");
  }

  private static int indexOf(byte[] bytes, byte b, int from) {
    for (int i = from; i < bytes.length; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return -1;
  }

  private static void sleep() {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
