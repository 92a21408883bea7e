package dev.sluice.it.sinkmatrix;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.it.peers.Clients;
import java.util.List;

/** Python's smtplib ({@code sendmail}); PLAIN, LOGIN, and XOAUTH2 through its auth hook. */
final class SmtplibClient implements IndependentClient {

  @Override
  public String name() {
    return "smtplib";
  }

  @Override
  public List<String> mechanisms() {
    return List.of("PLAIN", "LOGIN", "XOAUTH2");
  }

  @Override
  public byte[] send(SinkUnderTest sink, TestPki pki, String mechanism, String from, String to) {
    byte[] message = SinkMatrix.message("smtplib", from, to);
    String secret = mechanism.equals("XOAUTH2") ? SinkMatrix.TOKEN : SinkMatrix.PASSWORD;
    Clients.SmtplibResult r = Clients.smtplib(sink.server(), mechanism, SinkMatrix.USER, secret, from, List.of(to),
        message);
    assertThat(r.ok()).as(r.raw()).isTrue();
    assertThat(r.refused().size()).as(r.raw()).isZero();
    return message;
  }

  @Override
  public String toString() {
    return name();
  }
}
