package dev.sluice.testkit;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A raw-bytes SMTP peer that plays a script, for testing a client against exact (and hostile)
 * dialogues: malformed replies, bytes injected after "220 Ready to start TLS", slow drips, a
 * server that stops reading. It records every byte the client sent (after TLS decryption, once TLS
 * is on), so tests can prove that nothing was sent that must not be.
 *
 * <p>Each accepted connection runs the script from the start; steps run in order on the
 * connection's event loop. A step that fails (an expected line did not come) is recorded in
 * {@link #errors()} and ends the connection.
 */
public final class ScriptedServer implements AutoCloseable {

  private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final List<Step> steps;
  private final Channel server;
  private final ByteArrayOutputStream received = new ByteArrayOutputStream();
  private final List<String> errors = new CopyOnWriteArrayList<>();
  private final CompletableFuture<Void> firstClosed = new CompletableFuture<>();
  private final CompletableFuture<Void> scriptDone = new CompletableFuture<>();

  private ScriptedServer(List<Step> steps) {
    this.steps = List.copyOf(steps);
    this.server = new ServerBootstrap()
        .group(group)
        .channel(NioServerSocketChannel.class)
        .childHandler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            ch.pipeline().addLast(new Runner());
          }
        })
        .bind(new InetSocketAddress("127.0.0.1", 0)).syncUninterruptibly().channel();
  }

  /** Starts a server on 127.0.0.1 with an ephemeral port. */
  public static ScriptedServer start(Script script) {
    return new ScriptedServer(script.steps);
  }

  public int port() {
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  /** Everything the client sent so far, as ISO-8859-1 text. */
  public String received() {
    synchronized (received) {
      return received.toString(StandardCharsets.ISO_8859_1);
    }
  }

  /** What went wrong in the script (an expected line that did not come…). */
  public List<String> errors() {
    return List.copyOf(errors);
  }

  /** Waits until the first connection has closed. */
  public boolean awaitClosed(Duration timeout) {
    try {
      firstClosed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  /** Waits until the first connection has run every step. */
  public boolean awaitScript(Duration timeout) {
    try {
      scriptDone.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  @Override
  public void close() {
    server.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  /** Builds the steps of a dialogue. */
  public static final class Script {
    private final List<Step> steps = new ArrayList<>();

    public static Script create() {
      return new Script();
    }

    /** Sends raw bytes (ISO-8859-1), e.g. {@code "220 ready\r\n"}. */
    public Script send(String raw) {
      steps.add(new Send(raw, Duration.ZERO));
      return this;
    }

    /** Sends raw bytes one at a time, {@code gap} apart. */
    public Script drip(String raw, Duration gap) {
      steps.add(new Send(raw, gap));
      return this;
    }

    /** Waits for the next line and checks it starts with {@code prefix} (case-insensitive). */
    public Script expect(String prefix) {
      steps.add(new Expect(prefix));
      return this;
    }

    /** Waits for and skips the next line. */
    public Script readLine() {
      return expect("");
    }

    /**
     * Waits for a {@code BDAT <n>[ LAST]} line (checked to start with {@code prefix}) and the n
     * octets that follow it.
     */
    public Script bdat(String prefix) {
      steps.add(new Expect(prefix));
      steps.add(new SkipChunk());
      return this;
    }

    /** Waits for message data up to and including {@code <CRLF>.<CRLF>}. */
    public Script readData() {
      steps.add(new ReadData());
      return this;
    }

    /** Puts a server-side SslHandler first and waits for the handshake. */
    public Script startTls(SslContext server) {
      steps.add(new StartTls(server));
      return this;
    }

    public Script pause(Duration d) {
      steps.add(new Pause(d));
      return this;
    }

    /** Stops reading from the socket (the client's writes back up). */
    public Script stopReading() {
      steps.add(new StopReading());
      return this;
    }

    public Script close() {
      steps.add(new Close());
      return this;
    }

    /** The usual opening: greeting, EHLO answered with these extension lines. */
    public Script greetAndEhlo(String... extensions) {
      send("220 test.example ESMTP scripted\r\n");
      expect("EHLO");
      StringBuilder b = new StringBuilder();
      List<String> lines = new ArrayList<>();
      lines.add("test.example");
      lines.addAll(List.of(extensions));
      for (int i = 0; i < lines.size(); i++) {
        b.append("250").append(i < lines.size() - 1 ? '-' : ' ').append(lines.get(i)).append("\r\n");
      }
      return send(b.toString());
    }
  }

  private sealed interface Step permits Send, Expect, SkipChunk, ReadData, StartTls, Pause, StopReading, Close {}

  private record Send(String raw, Duration gap) implements Step {}

  private record Expect(String prefix) implements Step {}

  private record SkipChunk() implements Step {}

  private record ReadData() implements Step {}

  private record StartTls(SslContext context) implements Step {}

  private record Pause(Duration d) implements Step {}

  private record StopReading() implements Step {}

  private record Close() implements Step {}

  /** Plays the script on one connection. */
  private final class Runner extends ChannelInboundHandlerAdapter {
    private ChannelHandlerContext ctx;
    private final ByteBuf pending = Unpooled.buffer();
    private int next;
    private boolean waiting;
    private String lastLine = "";

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      this.ctx = ctx;
      advance();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf in = (ByteBuf) msg;
      try {
        byte[] bytes = new byte[in.readableBytes()];
        in.readBytes(bytes);
        synchronized (received) {
          received.writeBytes(bytes);
        }
        pending.writeBytes(bytes);
      } finally {
        in.release();
      }
      if (waiting) {
        advance();
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      pending.release();
      firstClosed.complete(null);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      errors.add("server side: " + cause);
      ctx.close();
    }

    private void advance() {
      waiting = false;
      while (next < steps.size() && ctx.channel().isActive()) {
        if (!run(steps.get(next))) {
          return;
        }
      }
      if (next >= steps.size()) {
        scriptDone.complete(null);
      }
    }

    /** Runs one step; false when the script must wait (for input, a timer or a handshake). */
    private boolean run(Step step) {
      if (step instanceof Send s) {
        next++;
        if (s.gap().isZero()) {
          ctx.writeAndFlush(Unpooled.copiedBuffer(s.raw(), StandardCharsets.ISO_8859_1));
          return true;
        }
        drip(s.raw(), 0, s.gap());
        return false;
      }
      if (step instanceof Expect e) {
        int lf = pending.indexOf(pending.readerIndex(), pending.writerIndex(), (byte) '\n');
        if (lf < 0) {
          waiting = true;
          return false;
        }
        String line = pending.readCharSequence(lf + 1 - pending.readerIndex(), StandardCharsets.UTF_8)
            .toString().replaceAll("\\r?\\n$", "");
        lastLine = line;
        next++;
        if (!line.toUpperCase(Locale.ROOT).startsWith(e.prefix().toUpperCase(Locale.ROOT))) {
          errors.add("expected a line starting with \"" + e.prefix() + "\" but got \"" + Vectors.escape(line) + "\"");
          ctx.close();
          return false;
        }
        return true;
      }
      if (step instanceof SkipChunk) {
        String[] words = lastLine.split(" ");
        int size = words.length > 1 && words[1].matches("\\d+") ? Integer.parseInt(words[1]) : 0;
        if (pending.readableBytes() < size) {
          waiting = true;
          return false;
        }
        pending.skipBytes(size);
        next++;
        return true;
      }
      if (step instanceof ReadData) {
        String text = pending.toString(StandardCharsets.ISO_8859_1);
        int end = text.startsWith(".\r\n") ? 0 : text.indexOf("\r\n.\r\n");
        if (end < 0) {
          waiting = true;
          return false;
        }
        pending.skipBytes(end == 0 && text.startsWith(".\r\n") ? 3 : end + 5);
        next++;
        return true;
      }
      if (step instanceof StartTls t) {
        next++;
        SslHandler ssl = t.context().newHandler(ctx.alloc());
        ctx.pipeline().addFirst(ssl);
        ssl.handshakeFuture().addListener(f -> {
          if (!f.isSuccess()) {
            errors.add("server-side TLS handshake failed: " + f.cause());
          } else {
            advance();
          }
        });
        return false;
      }
      if (step instanceof Pause p) {
        next++;
        ctx.executor().schedule(this::advance, p.d().toMillis(), TimeUnit.MILLISECONDS);
        return false;
      }
      if (step instanceof StopReading) {
        next++;
        ctx.channel().config().setAutoRead(false);
        return true;
      }
      next++;
      ctx.close();
      return false;
    }

    private void drip(String raw, int index, Duration gap) {
      if (index >= raw.length() || !ctx.channel().isActive()) {
        advance();
        return;
      }
      ctx.writeAndFlush(Unpooled.copiedBuffer(raw.substring(index, index + 1), StandardCharsets.ISO_8859_1));
      ctx.executor().schedule(() -> drip(raw, index + 1, gap), gap.toMillis(), TimeUnit.MILLISECONDS);
    }
  }
}
