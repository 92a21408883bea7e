package dev.sluice.sink.session;

import dev.sluice.codec.BdatCommand;
import dev.sluice.codec.MalformedCommandLine;
import dev.sluice.codec.SmtpCommandLine;
import dev.sluice.codec.SmtpServerDecoder;
import dev.sluice.sink.TlsMode;
import dev.sluice.sink.fault.Decision;
import dev.sluice.sink.fault.SmtpStep;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.smtp.SmtpContent;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.lang.System.Logger.Level;
import javax.net.ssl.SSLException;

/**
 * One SMTP connection of the sink: the greeting, then every decoded command in order, each answered
 * through the {@link ReplyQueue} (written once per read burst). Commands are recognised here and
 * handled by small classes: {@link EnvelopeCommands}, {@link MessageReception},
 * {@link AuthDialogue}, {@link StartTls}.
 *
 * <p>Whatever a client sends, it gets an RFC reply or a closed connection: never an exception
 * trace, and an unexpected error ends this connection only (421), never the event loop.
 */
public final class SmtpSession extends ChannelInboundHandlerAdapter {

  private static final System.Logger LOG = System.getLogger(SmtpSession.class.getName());

  private final SessionSettings settings;
  private final SmtpServerDecoder decoder;
  private final long index;
  private SessionState s;
  private EnvelopeCommands envelope;
  private MessageReception reception;
  private AuthDialogue auth;
  private IdleTimeout idle;

  public SmtpSession(SessionSettings settings, SmtpServerDecoder decoder, long index) {
    this.settings = settings;
    this.decoder = decoder;
    this.index = index;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    s = new SessionState(settings, ctx, decoder, index);
    envelope = new EnvelopeCommands(s, new ParameterCheck(settings.config, settings.replies));
    reception = new MessageReception(s);
    auth = new AuthDialogue(s);
    idle = new IdleTimeout(ctx, settings.config.limits().idleTimeout().toNanos(), s.out::holding,
        settings.config.limits().writeTimeout().toNanos(), s.out::stalledNanos, this::timedOut);
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    idle.start();
    if (settings.config.tls().mode() != TlsMode.IMPLICIT) {
      greet();
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      if (msg instanceof SmtpContent content) {
        if (s.phase != Phase.CLOSING) {
          reception.content(content);
        }
      } else if (s.phase == Phase.TLS_PENDING) {
        s.discardedCleartext(); // behind STARTTLS, before TLS: never executed (CVE-2011-0411)
      } else if (s.phase == Phase.CLOSING) {
        return;
      } else if (msg instanceof SmtpCommandLine line) {
        line(line.line());
      } else if (msg instanceof BdatCommand bdat) {
        bdat(bdat);
      } else if (msg instanceof MalformedCommandLine bad) {
        malformed(bad);
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    idle.touch();
    s.out.flush();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    s.out.writabilityChanged();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event instanceof SslHandshakeCompletionEvent handshake) {
      handshakeDone(ctx, handshake);
    } else if (event == SinkEvent.SHUTDOWN && s.phase != Phase.CLOSING) {
      s.phase = Phase.CLOSING;
      s.out.abort(s.replies.shuttingDown);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    idle.cancel();
    reception.abandon();
    s.out.release();
    s.phase = Phase.CLOSING;
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof IOException || cause instanceof DecoderException && cause.getCause() instanceof SSLException) {
      ctx.close(); // the peer reset the connection or broke TLS: nothing to say to it
      return;
    }
    LOG.log(Level.WARNING, "sink: unexpected error on a connection, closing it", cause);
    if (s.phase != Phase.CLOSING) {
      s.phase = Phase.CLOSING;
      s.out.abort(s.replies.internalError);
    }
  }

  private void greet() {
    s.greeted = true;
    Decision decision = s.decide(SmtpStep.CONNECT);
    if (s.inject(decision)) {
      if (s.phase != Phase.CLOSING) {
        s.phase = Phase.GREETING_REFUSED; // RFC 5321 3.1: wait for QUIT, 503 to the rest
      }
    } else {
      s.reply(s.replies.greeting);
    }
    s.out.flush();
  }

  private void handshakeDone(ChannelHandlerContext ctx, SslHandshakeCompletionEvent handshake) {
    if (!handshake.isSuccess()) {
      settings.counters.tlsFailures.increment();
      s.phase = Phase.CLOSING;
      ctx.close();
      return;
    }
    settings.counters.tlsHandshakes.increment();
    s.tlsActive = true;
    SslHandler ssl = ctx.pipeline().get(SslHandler.class);
    s.tlsProtocol = ssl == null ? "TLS" : ssl.engine().getSession().getProtocol();
    if (!s.greeted) {
      greet(); // implicit TLS: the greeting comes over TLS
    }
  }

  private void line(String line) {
    if (s.phase == Phase.AUTH) {
      auth.response(line);
      return;
    }
    s.commands++;
    settings.counters.commands.increment();
    Verb verb = Verb.of(line);
    if (s.phase == Phase.GREETING_REFUSED) {
      quitOr(verb, s.replies.waitingForQuit);
    } else if (s.faults == null || !s.inject(s.decide(verb.step()))) {
      dispatch(verb, line);
    }
  }

  private void dispatch(Verb verb, String line) {
    Replies replies = s.replies;
    switch (verb) {
      case EHLO, HELO -> hello(line, verb == Verb.EHLO);
      case MAIL -> envelope.mail(line);
      case RCPT -> envelope.rcpt(line);
      case DATA -> reception.data(Verb.argument(line));
      case BDAT -> s.reply(replies.bdatSyntax); // a well-formed BDAT arrives as a BdatCommand
      case RSET -> {
        if (line.length() > 4) {
          s.reply(replies.noArguments);
        } else {
          s.tx.reset();
          s.reply(replies.ok);
        }
      }
      case NOOP -> s.reply(replies.ok);
      case QUIT -> quitOr(verb, null);
      case VRFY -> s.reply(line.length() > 5 ? replies.vrfy : replies.noArguments);
      case EXPN -> s.reply(replies.notImplemented);
      case HELP -> s.reply(replies.help);
      case AUTH -> auth.command(Verb.argument(line));
      case STARTTLS -> StartTls.command(s, Verb.argument(line));
      case EMPTY -> s.reply(replies.emptyLine);
      case UNKNOWN -> s.reply(replies.unknownCommand);
    }
  }

  private void hello(String line, boolean esmtp) {
    String name = Verb.argument(line).strip();
    if (name.isEmpty()) {
      s.reply(esmtp ? s.replies.ehloSyntax : s.replies.heloSyntax);
      return;
    }
    s.tx.reset();
    s.helo = name;
    s.esmtp = esmtp;
    s.reply(!esmtp ? s.replies.helo : s.tlsActive ? settings.ehloTls : settings.ehloCleartext);
  }

  private void quitOr(Verb verb, byte[] otherwise) {
    if (verb == Verb.QUIT) {
      s.reply(s.replies.bye);
      s.disconnect();
    } else {
      s.reply(otherwise);
    }
  }

  private void bdat(BdatCommand command) {
    byte[] refusal = null;
    if (s.phase == Phase.AUTH) {
      auth.malformed();
      refusal = s.replies.needMail;
    } else if (s.phase == Phase.GREETING_REFUSED) {
      refusal = s.replies.waitingForQuit;
    }
    s.commands++;
    settings.counters.commands.increment();
    Decision decision = refusal == null ? s.decide(SmtpStep.BDAT) : Decision.NONE;
    reception.bdat(command, decision, refusal);
  }

  private void malformed(MalformedCommandLine bad) {
    if (s.phase == Phase.AUTH) {
      auth.malformed();
      return;
    }
    s.commands++;
    settings.counters.commands.increment();
    s.reply(bad.problem() == MalformedCommandLine.Problem.TOO_LONG ? s.replies.lineTooLong : s.replies.badCharacter);
  }

  /** Idle or write timeout: 421 if it can still be written, and the connection closes now regardless. */
  private void timedOut() {
    if (s.phase != Phase.CLOSING) {
      s.phase = Phase.CLOSING;
      s.out.abort(s.replies.timeout);
    } else {
      ctx().close();
    }
  }

  private ChannelHandlerContext ctx() {
    return s.ctx;
  }
}
