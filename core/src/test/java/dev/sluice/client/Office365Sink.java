package dev.sluice.client;

import dev.sluice.sink.AuthMechanism;
import dev.sluice.sink.SmtpSink;
import dev.sluice.sink.SmtpSinkBuilder;
import dev.sluice.sink.TlsMode;
import java.time.Duration;
import java.util.List;

/**
 * The sink dressed as Office 365 client submission, for tests: STARTTLS required, AUTH only after
 * TLS and then only {@code LOGIN XOAUTH2}, AUTH required before MAIL, Microsoft's greeting. Add
 * Office 365's error replies with {@link SmtpSinkBuilder#fault(String)}.
 */
public final class Office365Sink {

  public static final String USER = "me@contoso.test";
  public static final String PASSWORD = "correct horse";
  public static final String TOKEN = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.fresh";

  private Office365Sink() {}

  public static SmtpSinkBuilder builder() {
    return SmtpSink.builder().inMemory()
        .greeting("SN4PR0501CA0123.outlook.office365.com Microsoft ESMTP MAIL Service ready")
        .tls(TlsMode.STARTTLS).requireTls(true)
        .authMechanisms(AuthMechanism.LOGIN, AuthMechanism.XOAUTH2).user(USER, PASSWORD).token(USER, TOKEN)
        .requireAuth(true);
  }

  /** The Office 365 preset pointed at {@code sink} (on localhost, trusting its certificate). */
  public static SmtpClientConfig.Builder client(SmtpSink sink, Credentials credentials) {
    return Office365.config("localhost", credentials).port(sink.port()).heloName("client.test")
        .trust(TrustConfig.certificates(List.of(sink.certificate().certificate())))
        .timeouts(Timeouts.all(Duration.ofSeconds(10))).ioThreads(1);
  }
}
