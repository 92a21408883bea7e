package dev.sluice.cli;

import dev.sluice.client.Credentials;
import dev.sluice.client.SmtpClientConfig;
import dev.sluice.client.TlsMode;
import dev.sluice.client.TrustConfig;
import dev.sluice.sink.SmtpSink;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The embedded sink a {@code blast} without {@code --host} sends to, set up as the connection
 * options ask: {@code --tls none} gives a plaintext sink without AUTH (AUTH is never offered in
 * cleartext), {@code --tls implicit} an implicit-TLS sink, otherwise STARTTLS with AUTH PLAIN.
 * Options that only make sense for a server of one's own ({@code --port}, {@code --ca-file},
 * {@code --insecure}, {@code --user} and its secret, {@code --auth-mech}) are refused rather than
 * silently ignored.
 */
final class EmbeddedTarget implements AutoCloseable {

  private final SmtpSink sink;
  private final SmtpClientConfig.Builder config;
  private final String description;

  private EmbeddedTarget(SmtpSink sink, SmtpClientConfig.Builder config, String description) {
    this.sink = sink;
    this.config = config;
    this.description = description;
  }

  static EmbeddedTarget start(ConnectionOptions o) {
    refuseServerOptions(o);
    SmtpClientConfig.Builder config = o.toConfig("127.0.0.1");
    String tls = o.tls.toLowerCase(java.util.Locale.ROOT);
    var builder = SmtpSink.builder().bind("127.0.0.1").port(0).countOnly();
    String user = "blast@sluice.test";
    String password = UUID.randomUUID().toString();
    String what;
    switch (tls) {
      case "none" -> what = "plaintext, no AUTH";
      case "implicit" -> {
        builder.tls(dev.sluice.sink.TlsMode.IMPLICIT).user(user, password);
        what = "implicit TLS + AUTH PLAIN";
      }
      default -> { // starttls, opportunistic
        builder.tls(dev.sluice.sink.TlsMode.STARTTLS).user(user, password);
        what = "STARTTLS + AUTH PLAIN";
      }
    }
    SmtpSink sink = builder.start();
    config.port(sink.port());
    if (!tls.equals("none")) {
      config.trust(TrustConfig.certificates(List.of(sink.certificate().certificate())))
          .credentials(Credentials.password(user, password));
    }
    if (o.helo == null) {
      config.heloName("blast.sluice.test");
    }
    return new EmbeddedTarget(sink, config, "the embedded sink at 127.0.0.1:" + sink.port() + " (" + what + ")");
  }

  private static void refuseServerOptions(ConnectionOptions o) {
    List<String> given = new ArrayList<>();
    if (o.port != null) {
      given.add("--port");
    }
    if (o.caFile != null) {
      given.add("--ca-file");
    }
    if (o.insecure) {
      given.add("--insecure");
    }
    if (o.user != null || o.secret != null) {
      given.add("--user/password/token");
    }
    if (o.mechanisms != null) {
      given.add("--auth-mech");
    }
    if (!given.isEmpty()) {
      throw new UsageException(String.join(", ", given) + " only apply to a server of your own: add --host (and "
          + "--port), or leave them out to blast the embedded sink (its port, certificate and user are made for the run; "
          + "--tls none|starttls|implicit chooses how it is reached)");
    }
  }

  SmtpClientConfig.Builder config() {
    return config;
  }

  String description() {
    return description;
  }

  @Override
  public void close() {
    sink.close();
  }
}
