package dev.sluice.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.smtp.DefaultLastSmtpContent;
import io.netty.handler.codec.smtp.DefaultSmtpContent;
import io.netty.handler.codec.smtp.LastSmtpContent;
import io.netty.util.ByteProcessor;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Server side: turns what a client sends into messages, in one of three modes.
 *
 * <ul>
 *   <li>Commands: one {@link SmtpCommandLine} per line (CRLF or bare LF), at most
 *       {@code maxLineLength} bytes; longer lines and lines with NUL, bare CR or other controls
 *       become a {@link MalformedCommandLine}. A well-formed BDAT line becomes a
 *       {@link BdatCommand} and switches to chunk mode by itself, because the chunk follows the
 *       command without waiting for a reply.
 *   <li>Message data, after the handler calls {@link #startData()} (having sent 354): the data as
 *       {@link io.netty.handler.codec.smtp.SmtpContent} slices with the stuffed dots removed, ended
 *       by a {@link LastSmtpContent} at the {@code <CRLF>.<CRLF>} terminator. Only CRLF starts a
 *       line: a bare LF or CR never does, so {@code <LF>.<LF>} and friends cannot end the message
 *       (SMTP smuggling); {@link #bareLineEndings()} counts them so the handler can refuse such
 *       data.
 *   <li>A BDAT chunk: exactly its size in content slices, then a {@link LastSmtpContent}.
 * </ul>
 *
 * <p>Content is emitted as retained slices of the received buffers: nothing is copied.
 * {@link #discardBuffered()} drops what was received but not yet decoded; the STARTTLS handler
 * calls it so that commands pipelined behind STARTTLS in cleartext are never executed
 * (CVE-2011-0411).
 */
public final class SmtpServerDecoder extends ByteToMessageDecoder {

  public static final int DEFAULT_MAX_LINE_LENGTH = 4096;
  /**
   * RFC 4954 4: SASL lines (the AUTH command with its initial response, and each response to a
   * 334) may be up to 12288 octets; a 1.5–4 KB OAuth token in base64 is longer than 4 KiB.
   */
  public static final int MAX_SASL_LINE_LENGTH = 12288;

  private enum Mode { COMMAND, DATA, BDAT }

  private static final ByteProcessor FIND_BAD_COMMAND_BYTE =
      b -> !(b >= 0 && b < 0x20 && b != '\t' || b == 0x7f);

  private final int maxLineLength;
  private Mode mode = Mode.COMMAND;
  private boolean discardingLongLine;
  private boolean dataLineStart;
  private boolean saslResponse;
  private boolean paused;
  private int bareLineEndings;
  private long chunkRemaining;

  public SmtpServerDecoder() {
    this(DEFAULT_MAX_LINE_LENGTH);
  }

  public SmtpServerDecoder(int maxLineLength) {
    this.maxLineLength = maxLineLength;
  }

  /** Switches to message data: call after replying 354 to DATA. */
  public void startData() {
    mode = Mode.DATA;
    dataLineStart = true;
    bareLineEndings = 0;
  }

  /**
   * Stops (or resumes) decoding: while paused, received bytes stay buffered and no command is
   * passed on, so a client that floods commands and reads no replies cannot make the server build
   * replies without bound. Combine with {@code autoRead} off; call {@link #decodeBuffered} after
   * resuming, since no new read may come to trigger it.
   */
  public void pause(boolean pause) {
    paused = pause;
  }

  /** Decodes what is buffered, as if it had just been received (after {@link #pause(boolean) pause(false)}). */
  public void decodeBuffered(ChannelHandlerContext ctx) throws Exception {
    if (!paused && actualReadableBytes() > 0) {
      channelRead(ctx, io.netty.buffer.Unpooled.EMPTY_BUFFER);
      channelReadComplete(ctx);
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
    if (paused) {
      // ByteToMessageDecoder asks for another read when a read produced nothing and autoRead is
      // off; while paused that would read the flood into the buffer after all.
      ctx.fireChannelReadComplete();
      return;
    }
    super.channelReadComplete(ctx);
  }

  /** While a 334 challenge is outstanding lines may be SASL-long; call with false when it ends. */
  public void saslResponse(boolean expected) {
    saslResponse = expected;
  }

  /** Bare CRs and LFs seen in the current (or last) DATA message. */
  public int bareLineEndings() {
    return bareLineEndings;
  }

  /** Drops every received byte not decoded yet; returns how many. */
  public int discardBuffered() {
    ByteBuf buffered = internalBuffer();
    int n = buffered.readableBytes();
    buffered.skipBytes(n);
    return n;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (paused) {
      return;
    }
    switch (mode) {
      case COMMAND -> decodeLine(in, out);
      case DATA -> decodeData(in, out);
      case BDAT -> decodeChunk(in, out);
    }
  }

  private void decodeLine(ByteBuf in, List<Object> out) {
    int start = in.readerIndex();
    int maxLineLength = lineLimit(in, start);
    int searchEnd = Math.min(in.writerIndex(), start + maxLineLength + 2);
    int lf = in.indexOf(start, discardingLongLine ? in.writerIndex() : searchEnd, (byte) '\n');
    if (lf < 0 && !discardingLongLine && searchEnd - start >= maxLineLength + 2) {
      // Too long already; its end (and the lines after it) may be further on in this buffer.
      discardingLongLine = true;
      lf = in.indexOf(searchEnd, in.writerIndex(), (byte) '\n');
    }
    if (lf < 0) {
      if (discardingLongLine) {
        in.skipBytes(in.readableBytes());
      }
      return;
    }
    in.readerIndex(lf + 1);
    if (discardingLongLine) {
      discardingLongLine = false;
      out.add(new MalformedCommandLine(MalformedCommandLine.Problem.TOO_LONG));
      return;
    }
    int end = lf > start && in.getByte(lf - 1) == '\r' ? lf - 1 : lf;
    if (end - start > maxLineLength) {
      out.add(new MalformedCommandLine(MalformedCommandLine.Problem.TOO_LONG));
      return;
    }
    if (end > start && in.forEachByte(start, end - start, FIND_BAD_COMMAND_BYTE) >= 0) {
      out.add(new MalformedCommandLine(MalformedCommandLine.Problem.BAD_CHARACTER));
      return;
    }
    String line = in.toString(start, end - start, StandardCharsets.UTF_8);
    BdatCommand bdat = parseBdat(line);
    if (bdat == null) {
      out.add(new SmtpCommandLine(line));
      return;
    }
    out.add(bdat);
    if (bdat.size() == 0) {
      out.add(LastSmtpContent.EMPTY_LAST_CONTENT);
    } else {
      chunkRemaining = bdat.size();
      mode = Mode.BDAT;
    }
  }

  /** The limit for the line starting at {@code start}: SASL-long for AUTH and SASL responses. */
  private int lineLimit(ByteBuf in, int start) {
    if (saslResponse) {
      return Math.max(maxLineLength, MAX_SASL_LINE_LENGTH);
    }
    if (in.writerIndex() - start >= 5 && (in.getByte(start) | 0x20) == 'a' && (in.getByte(start + 1) | 0x20) == 'u'
        && (in.getByte(start + 2) | 0x20) == 't' && (in.getByte(start + 3) | 0x20) == 'h'
        && in.getByte(start + 4) == ' ') {
      return Math.max(maxLineLength, MAX_SASL_LINE_LENGTH);
    }
    return maxLineLength;
  }

  /** {@code BDAT <digits>[ LAST]} (case-insensitive), else null. */
  static BdatCommand parseBdat(String line) {
    if (line.length() < 6 || !line.regionMatches(true, 0, "BDAT ", 0, 5)) {
      return null;
    }
    String[] args = line.substring(5).split(" ", -1);
    if (args.length > 2 || args[0].isEmpty() || args[0].length() > 18
        || !args[0].chars().allMatch(c -> c >= '0' && c <= '9')) {
      return null;
    }
    boolean last = args.length == 2;
    if (last && !args[1].toUpperCase(Locale.ROOT).equals("LAST")) {
      return null;
    }
    return new BdatCommand(Long.parseLong(args[0]), last);
  }

  private void decodeData(ByteBuf in, List<Object> out) {
    final int end = in.writerIndex();
    int i = in.readerIndex();
    int emitFrom = i;
    while (i < end) {
      if (dataLineStart) {
        if (in.getByte(i) == '.') {
          if (i + 2 >= end) {
            break; // could be the terminator: wait for its last bytes
          }
          if (in.getByte(i + 1) == '\r' && in.getByte(i + 2) == '\n') {
            emit(in, emitFrom, i, true, out);
            in.readerIndex(i + 3);
            mode = Mode.COMMAND;
            return;
          }
          emit(in, emitFrom, i, false, out);
          emitFrom = i + 1; // the stuffed dot
        }
        dataLineStart = false;
      }
      int cr = in.forEachByte(i, end - i, ByteProcessor.FIND_CRLF);
      if (cr < 0) {
        i = end;
        break;
      }
      if (in.getByte(cr) == '\n') {
        bareLineEndings++;
        i = cr + 1;
      } else if (cr + 1 >= end) {
        i = cr; // a CR at the end: decide when the next byte is here
        break;
      } else if (in.getByte(cr + 1) == '\n') {
        dataLineStart = true;
        i = cr + 2;
      } else {
        bareLineEndings++;
        i = cr + 1;
      }
    }
    emit(in, emitFrom, i, false, out);
    in.readerIndex(Math.max(i, emitFrom));
  }

  private void decodeChunk(ByteBuf in, List<Object> out) {
    int take = (int) Math.min(chunkRemaining, in.readableBytes());
    if (take > 0) {
      out.add(new DefaultSmtpContent(in.readRetainedSlice(take)));
      chunkRemaining -= take;
    }
    if (chunkRemaining == 0) {
      out.add(LastSmtpContent.EMPTY_LAST_CONTENT);
      mode = Mode.COMMAND;
    }
  }

  private static void emit(ByteBuf in, int from, int to, boolean last, List<Object> out) {
    if (to > from) {
      ByteBuf slice = in.retainedSlice(from, to - from);
      out.add(last ? new DefaultLastSmtpContent(slice) : new DefaultSmtpContent(slice));
    } else if (last) {
      out.add(LastSmtpContent.EMPTY_LAST_CONTENT);
    }
  }
}
