package dev.sluice.bench.rtt;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A TCP proxy that holds every chunk of bytes for a fixed time before passing it on, in each
 * direction: a round trip through it takes at least twice the delay. Bytes keep their order (one
 * event loop per connection pair, and Netty runs tasks with the same deadline in the order they were
 * scheduled), nothing is parsed or changed. Unlike {@code tc netem} it needs no privileges and
 * touches no other traffic on the machine.
 *
 * <p>No flow control: bytes are buffered for the delay whatever the receiver's pace, which is fine
 * for the message sizes of a round-trip benchmark (a few KiB in flight per connection).
 */
public final class DelayProxy implements AutoCloseable {

  private final EventLoopGroup group;
  private final Channel server;
  private final long delayNanos;

  private DelayProxy(EventLoopGroup group, Channel server, long delayNanos) {
    this.group = group;
    this.server = server;
    this.delayNanos = delayNanos;
  }

  /**
   * Listens on {@code listen} (port 0: any free port) and forwards each connection to {@code target},
   * adding {@code delay} each way.
   */
  public static DelayProxy start(InetSocketAddress listen, InetSocketAddress target, Duration delay)
      throws InterruptedException {
    if (!listen.getAddress().isLoopbackAddress() || !target.getAddress().isLoopbackAddress()) {
      throw new IllegalArgumentException("the delay proxy is for loopback only: " + listen + " -> " + target);
    }
    long nanos = delay.toNanos();
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    ServerBootstrap b = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(ChannelOption.AUTO_READ, false)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel inbound) {
            inbound.pipeline().addLast(new Accepted(target, nanos));
          }
        });
    Channel server = b.bind(listen).sync().channel();
    return new DelayProxy(group, server, nanos);
  }

  public int port() {
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  public Duration delay() {
    return Duration.ofNanos(delayNanos);
  }

  @Override
  public void close() {
    server.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  /** A client connected: connect to the target on the same event loop, then relay both ways. */
  private static final class Accepted extends ChannelInboundHandlerAdapter {
    private final InetSocketAddress target;
    private final long delayNanos;

    Accepted(InetSocketAddress target, long delayNanos) {
      this.target = target;
      this.delayNanos = delayNanos;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      Channel inbound = ctx.channel();
      Bootstrap b = new Bootstrap().group(inbound.eventLoop()).channel(NioSocketChannel.class)
          .option(ChannelOption.TCP_NODELAY, true)
          .handler(new Relay(inbound, delayNanos));
      b.connect(target).addListener((ChannelFutureListener) f -> {
        if (!f.isSuccess()) {
          inbound.close();
          return;
        }
        ctx.pipeline().replace(this, "relay", new Relay(f.channel(), delayNanos));
        inbound.config().setAutoRead(true);
      });
    }
  }

  /** Passes what it reads to {@code peer} after the delay; closes the peer (after the delay) when closed. */
  private static final class Relay extends ChannelInboundHandlerAdapter {
    private final Channel peer;
    private final long delayNanos;

    Relay(Channel peer, long delayNanos) {
      this.peer = peer;
      this.delayNanos = delayNanos;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf bytes = (ByteBuf) msg;
      ctx.executor().schedule(() -> {
        if (peer.isActive()) {
          peer.writeAndFlush(bytes);
        } else {
          bytes.release();
        }
      }, delayNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      ctx.executor().schedule(() -> {
        peer.close();
      }, delayNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }

  /** {@code DelayProxy LISTEN_PORT TARGET_PORT DELAY_MS}: runs until killed (loopback only). */
  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: DelayProxy LISTEN_PORT TARGET_PORT DELAY_MS_EACH_WAY");
      System.exit(2);
    }
    InetSocketAddress listen = new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0]));
    InetSocketAddress target = new InetSocketAddress("127.0.0.1", Integer.parseInt(args[1]));
    double ms = Double.parseDouble(args[2]);
    DelayProxy proxy = start(listen, target, Duration.ofNanos((long) (ms * 1_000_000)));
    System.out.println("delay proxy on 127.0.0.1:" + proxy.port() + " -> " + target + ", " + ms + " ms each way");
    System.out.flush();
    Thread.currentThread().join();
  }
}
