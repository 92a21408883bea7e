package dev.sluice.jakarta;

import dev.sluice.client.Envelope;
import dev.sluice.client.MessageContent;
import dev.sluice.codec.InvalidArgumentException;
import io.netty.buffer.ByteBuf;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A Jakarta Mail {@link MimeMessage} as Sluice content and envelope.
 *
 * <p>The message is written once, by Jakarta Mail itself ({@link MimeMessage#writeTo(java.io.OutputStream,
 * String[])}, which also calls {@code saveChanges()} when needed), without its {@code Bcc} header
 * (RFC 5322 3.6.3: blind recipients must not be shown to the others; like Angus Mail's SMTP
 * transport). Sluice then only normalises line endings and dot-stuffs on the wire.
 *
 * <pre>{@code
 * try (WrittenMessage written = MessageContents.write(message)) {
 *   session.send(MessageContents.envelope(message), written.content()).join();
 * }
 * }</pre>
 */
public final class MessageContents {

  /** Messages up to this size are kept in memory by {@link #write(MimeMessage)}; larger ones go to a file. */
  public static final long DEFAULT_MEMORY_LIMIT = 8L * 1024 * 1024;

  /** Headers never written: Bcc (hidden recipients) and Content-Length (meaningless in SMTP). */
  private static final String[] IGNORED_HEADERS = {"Bcc", "Content-Length"};

  private MessageContents() {}

  /**
   * The message in memory, written once; the caller owns (and releases) the content. For messages
   * that may be large, prefer {@link #write(MimeMessage)}.
   *
   * @throws MessagingException when Jakarta Mail cannot write the message
   */
  public static MessageContent of(MimeMessage message) throws MessagingException {
    try (WrittenMessage written = write(message, Long.MAX_VALUE, null)) {
      return written.content().retain();
    }
  }

  /** {@link #write(MimeMessage, long, Path)} with an 8 MiB memory limit and the system's temporary directory. */
  public static WrittenMessage write(MimeMessage message) throws MessagingException {
    return write(message, DEFAULT_MEMORY_LIMIT, null);
  }

  /**
   * Writes the message once: in memory up to {@code memoryLimit} octets, beyond that into a
   * temporary file in {@code spoolDir} (null: the system's), streamed from there when sent, so that
   * large attachments never sit in the heap.
   *
   * @throws MessagingException when Jakarta Mail cannot write the message or the file cannot be written
   */
  public static WrittenMessage write(MimeMessage message, long memoryLimit, Path spoolDir) throws MessagingException {
    if (memoryLimit < 0) {
      throw new IllegalArgumentException("memoryLimit must be >= 0: " + memoryLimit);
    }
    SpillingOutputStream out = new SpillingOutputStream(memoryLimit, spoolDir);
    try {
      message.writeTo(out, IGNORED_HEADERS);
      ByteBuf memory = out.takeMemory();
      if (memory != null) {
        return new WrittenMessage(MessageContent.of(memory), null);
      }
      return new WrittenMessage(MessageContent.ofFile(out.file()), out.file());
    } catch (IOException e) {
      out.discard();
      throw new MessagingException("cannot write the message: " + e.getMessage(), e);
    } catch (MessagingException | RuntimeException e) {
      out.discard();
      throw e;
    }
  }

  /**
   * The envelope Jakarta Mail would use: the sender is the first {@code From} address (or {@code
   * Sender} when there is no From), the recipients every To, Cc and Bcc address.
   *
   * @throws MessagingException when the message has no sender or no recipient, or an address is not
   *     an Internet mail address Sluice accepts (the message names it)
   */
  public static Envelope envelope(MimeMessage message) throws MessagingException {
    return envelope(sender(message), message.getAllRecipients());
  }

  /**
   * An envelope from {@code from} to {@code recipients}, given explicitly (e.g. a bounce address
   * and a list that differs from the headers).
   *
   * @throws MessagingException for a missing or unacceptable address (the message names it)
   */
  public static Envelope envelope(String from, Address[] recipients) throws MessagingException {
    if (recipients == null || recipients.length == 0) {
      throw new MessagingException("the message has no recipients (To, Cc or Bcc)");
    }
    List<String> to = new ArrayList<>(recipients.length);
    for (Address a : recipients) {
      to.add(address(a));
    }
    try {
      return Envelope.of(from, to);
    } catch (InvalidArgumentException e) {
      throw new MessagingException("invalid envelope address: " + e.getMessage(), e);
    }
  }

  /** The address of an {@link InternetAddress}, refusing every other kind (news groups…). */
  static String address(Address a) throws MessagingException {
    if (a instanceof InternetAddress ia && ia.getAddress() != null && !ia.isGroup()) {
      return ia.getAddress();
    }
    throw new MessagingException("not an Internet mail address: " + (a == null ? "null" : a.getType() + " " + a)
        + "; Sluice sends to RFC 5322 mailboxes only (expand groups first)");
  }

  /** The first From address, else Sender. */
  static String sender(MimeMessage message) throws MessagingException {
    Address[] from = message.getFrom();
    if (from != null && from.length > 0) {
      return address(from[0]);
    }
    Address sender = message.getSender();
    if (sender != null) {
      return address(sender);
    }
    throw new MessagingException("the message has no From address: set one, or give the envelope sender"
        + " (mail.sluice.from)" + (from == null ? "" : " " + Arrays.toString(from)));
  }
}
