package dev.sluice.client.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.client.Credentials;
import dev.sluice.client.Office365Sink;
import dev.sluice.client.TokenSource;
import dev.sluice.client.probe.ProbeStep.Check;
import dev.sluice.client.probe.ProbeStep.Status;
import dev.sluice.sink.SmtpSink;
import dev.sluice.sink.SmtpSinkBuilder;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The probe with the Office 365 preset against the sink emulating Office 365. */
class ProbeOffice365Test {

  private static ProbeReport probe(SmtpSinkBuilder sink, Credentials credentials) {
    try (SmtpSink s = sink.start()) {
      ProbeReport report = Probe.of(Office365Sink.client(s, credentials).build()).withStepTimeout(Duration.ofSeconds(5))
          .run();
      assertThat(s.counters().messages()).isZero();
      return report;
    }
  }

  @Test
  void passesWithAnOAuthTokenOverXoauth2() {
    ProbeReport r = probe(Office365Sink.builder(),
        Credentials.oauth(Office365Sink.USER, TokenSource.of(Office365Sink.TOKEN)));

    assertThat(r.passed()).as(TextReport.render(r)).isTrue();
    assertThat(r.step(Check.BANNER).orElseThrow().summary()).contains("Microsoft ESMTP MAIL Service ready");
    assertThat(r.step(Check.AUTH_MECHANISMS).orElseThrow().summary()).isEqualTo("LOGIN XOAUTH2 after TLS");
    assertThat(r.step(Check.LOGIN).orElseThrow().summary()).contains("with XOAUTH2");
  }

  @Test
  void passesWithAPasswordButRecommendsXoauth2BeforeBasicAuthGoes() {
    ProbeReport r = probe(Office365Sink.builder(), Credentials.password(Office365Sink.USER, Office365Sink.PASSWORD));

    assertThat(r.passed()).as(TextReport.render(r)).isTrue();
    assertThat(r.step(Check.AUTH_MECHANISMS).orElseThrow().details())
        .anySatisfy(d -> assertThat(d).contains("prefer an OAuth token").contains("end of 2026"));
    assertThat(r.step(Check.LOGIN).orElseThrow().summary()).contains("with LOGIN");
  }

  @Test
  void explainsSmtpAuthDisabledForTheTenantAtTheLoginCheck() {
    ProbeReport r = probe(Office365Sink.builder().fault("auth:535 5.7.139 Authentication unsuccessful, "
        + "SmtpClientAuthentication is disabled for the Tenant."), Credentials.password(Office365Sink.USER, "x"));

    ProbeStep login = r.step(Check.LOGIN).orElseThrow();
    assertThat(login.status()).isEqualTo(Status.FAIL);
    assertThat(login.summary()).contains("535 5.7.139");
    assertThat(login.hint()).contains("SMTP AUTH is disabled for the whole tenant");
    assertThat(r.firstProblem()).contains(login);
  }

  @Test
  void explainsBasicAuthenticationNotSupportedAtTheLoginCheck() {
    ProbeReport r = probe(Office365Sink.builder().fault("auth:550 5.7.30 Basic authentication is not supported for "
        + "Client Submission."), Credentials.password(Office365Sink.USER, "x"));

    assertThat(r.step(Check.LOGIN).orElseThrow().hint()).contains("XOAUTH2");
  }
}
