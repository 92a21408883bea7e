package dev.sluice.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testkit.ScriptedServer;
import dev.sluice.testkit.ScriptedServer.Script;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Runs a client against a scripted server and returns how it ended. Public for the hostile-server
 * suite in {@code it} (published in core's test-jar).
 */
public final class Hostile {

  public static final Duration TIMEOUT = Duration.ofSeconds(3);
  /** No hang: every case must end well within this. */
  public static final long DEADLINE_SECONDS = 20;

  private Hostile() {}

  public static SmtpClientConfig.Builder base(ScriptedServer server) {
    return SmtpClientConfig.builder("localhost").port(server.port()).heloName("client.test")
        .trust(TestTls.trustCa()).timeouts(Timeouts.all(TIMEOUT));
  }

  /** The outcome of one case: what the client got, and what the server received. */
  public record Outcome(Object value, Throwable error, String received, java.util.List<String> serverErrors) {
    public SmtpException smtpError() {
      assertThat(error).as("the client must end in a typed error; got value " + value).isInstanceOf(SmtpException.class);
      return (SmtpException) error;
    }
  }

  /** Connects (and then runs {@code action} on the session, if given). */
  public static Outcome run(Script script, UnaryOperator<SmtpClientConfig.Builder> config,
      Function<SmtpSession, CompletableFuture<?>> action) {
    try (ScriptedServer server = ScriptedServer.start(script);
         SmtpClient client = SmtpClient.create(config.apply(base(server)).build())) {
      Object value = null;
      Throwable error = null;
      SmtpSession session = null;
      try {
        session = client.connect().get(DEADLINE_SECONDS, TimeUnit.SECONDS);
        value = session;
        if (action != null) {
          value = action.apply(session).get(DEADLINE_SECONDS, TimeUnit.SECONDS);
        }
        session.close();
        session.closeFuture().get(DEADLINE_SECONDS, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        error = Futures.unwrap(e);
        if (session != null) {
          session.close(); // a failed send may leave the session open: hang up rather than wait for the server
        }
      } catch (TimeoutException e) {
        throw new AssertionError("the client hung", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
      server.awaitClosed(Duration.ofSeconds(5));
      return new Outcome(value, error, server.received(), server.errors());
    }
  }

  public static Outcome connect(Script script, UnaryOperator<SmtpClientConfig.Builder> config) {
    return run(script, config, null);
  }

  public static Outcome send(Script script, UnaryOperator<SmtpClientConfig.Builder> config, MessageContent content) {
    return run(script, config, s -> s.send(Envelope.of("a@example.test", "b@example.test"), content)
        .whenComplete((r, e) -> content.release()));
  }

  /** A message of {@code size} bytes of plain text lines, generated on the fly. */
  public static MessageContent generated(long size) {
    return MessageContent.ofStream(() -> new InputStream() {
      private long left = size;

      @Override
      public int read() {
        if (left <= 0) {
          return -1;
        }
        left--;
        return left % 64 == 0 ? '\n' : 'x';
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (left <= 0) {
          return -1;
        }
        int n = (int) Math.min(len, left);
        for (int i = 0; i < n; i++) {
          b[off + i] = (byte) read();
        }
        return n;
      }
    });
  }
}
