package dev.sluice.cli;

import dev.sluice.client.MessageContent;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Real messages for a blast ({@code --eml FILE|DIR}): the files are read once, and every copy sent
 * gets a fresh Message-ID and Date in place of the file's own (a receiver that de-duplicates by
 * Message-ID, or rejects stale dates, must see distinct new messages). Line endings are left to the
 * client's data encoder, which normalises them as for any message.
 */
final class EmlMessages implements MessageSource {

  private static final ByteBufAllocator ALLOC = ByteBufAllocator.DEFAULT;
  private static final DateTimeFormatter DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withLocale(Locale.ROOT);

  private final List<byte[]> messages;
  private final String domain;
  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private long dateSecond = -1;
  private byte[] dateHeader;

  private EmlMessages(List<byte[]> messages, String domain) {
    this.messages = messages;
    this.domain = domain;
  }

  /** Reads {@code path} (a file, or the *.eml files of a directory in name order). */
  static EmlMessages load(Path path, String from) {
    List<Path> files = new ArrayList<>();
    if (Files.isDirectory(path)) {
      try (Stream<Path> s = Files.list(path)) {
        s.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".eml") && Files.isRegularFile(p))
            .sorted().forEach(files::add);
      } catch (IOException e) {
        throw new UsageException("cannot list --eml directory " + path + ": " + e.getMessage());
      }
      if (files.isEmpty()) {
        throw new UsageException("--eml directory " + path + " holds no *.eml file");
      }
    } else if (Files.isReadable(path)) {
      files.add(path);
    } else {
      throw new UsageException("--eml " + path + " is neither a readable file nor a directory");
    }
    List<byte[]> messages = new ArrayList<>();
    for (Path f : files) {
      try {
        byte[] b = Files.readAllBytes(f);
        if (b.length == 0) {
          throw new UsageException("--eml file " + f + " is empty");
        }
        messages.add(withoutIdAndDate(b));
      } catch (IOException e) {
        throw new UsageException("cannot read --eml file " + f + ": " + e.getMessage());
      }
    }
    return new EmlMessages(List.copyOf(messages), from.substring(from.indexOf('@') + 1));
  }

  int count() {
    return messages.size();
  }

  @Override
  public MessageContent message(long n) {
    byte[] body = messages.get((int) (n % messages.size()));
    byte[] id = ("Message-ID: <blast-" + run + "-" + n + "@" + domain + ">\r\n").getBytes(StandardCharsets.US_ASCII);
    byte[] date = dateHeader();
    ByteBuf buf = ALLOC.directBuffer(id.length + date.length + body.length);
    buf.writeBytes(id).writeBytes(date).writeBytes(body);
    return MessageContent.of(buf);
  }

  /** The Date header for now, made once a second. */
  private byte[] dateHeader() {
    long second = System.currentTimeMillis() / 1000;
    if (second != dateSecond) {
      dateSecond = second;
      dateHeader = ("Date: " + ZonedDateTime.now().format(DATE) + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }
    return dateHeader;
  }

  /**
   * The message without its Message-ID and Date header fields (folded continuation lines included);
   * only the header section (up to the first empty line) is looked at.
   */
  static byte[] withoutIdAndDate(byte[] m) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(m.length);
    int i = 0;
    boolean dropping = false;
    while (i < m.length) {
      int end = i;
      while (end < m.length && m[end] != '\n') {
        end++;
      }
      int next = Math.min(m.length, end + 1);
      boolean empty = end == i || (end == i + 1 && m[i] == '\r');
      if (empty) {
        out.write(m, i, m.length - i); // the empty line and the body, untouched
        return out.toByteArray();
      }
      boolean continuation = m[i] == ' ' || m[i] == '\t';
      if (!continuation) {
        dropping = startsWithField(m, i, "message-id:") || startsWithField(m, i, "date:");
      }
      if (!dropping) {
        out.write(m, i, next - i);
      }
      i = next;
    }
    return out.toByteArray();
  }

  private static boolean startsWithField(byte[] m, int at, String name) {
    if (m.length - at < name.length()) {
      return false;
    }
    for (int k = 0; k < name.length(); k++) {
      if (Character.toLowerCase((char) m[at + k]) != name.charAt(k)) {
        return false;
      }
    }
    return true;
  }
}
