package dev.sluice.sink.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConnectionFaultsTest {

  private static List<Boolean> draws(FaultInjector injector, long connection, int n) {
    ConnectionFaults faults = injector.forConnection(connection);
    List<Boolean> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(!faults.decide(SmtpStep.RCPT, i).isNone());
    }
    return out;
  }

  @Test
  void theSameSeedDrawsTheSameFaultsForTheSameConnection() {
    FaultPlan plan = new FaultPlan(List.of(Fault.parse("rcpt:451@30%")), null, 42);

    assertThat(draws(new FaultInjector(plan), 3, 200)).isEqualTo(draws(new FaultInjector(plan), 3, 200));
    assertThat(draws(new FaultInjector(plan), 3, 200)).isNotEqualTo(draws(new FaultInjector(plan), 4, 200));
  }

  @Test
  void aProbabilityFiresRoughlyThatOften() {
    FaultPlan plan = new FaultPlan(List.of(Fault.parse("rcpt:451@30%")), null, 7);

    long fired = draws(new FaultInjector(plan), 0, 2000).stream().filter(b -> b).count();

    assertThat(fired).isBetween(450L, 750L);
  }

  @Test
  void delaysAddUpAndTheFirstReplyWins() {
    FaultPlan plan = new FaultPlan(List.of(Fault.parse("mail:delay=100ms"), Fault.parse("any:delay=50ms"),
        Fault.parse("mail:451 4.3.0 first"), Fault.parse("mail:452 4.3.0 second")), null, 1);

    Decision d = new FaultInjector(plan).forConnection(0).decide(SmtpStep.MAIL, 0);

    assertThat(d.delay()).isEqualTo(Duration.ofMillis(150));
    assertThat(d.action()).isEqualTo(FaultAction.reply(451, "4.3.0 first"));
    assertThat(d.fired()).isEqualTo(3);
  }

  @Test
  void afterNCommandsFiresOnlyFromTheNextCommand() {
    ConnectionFaults faults = new FaultInjector(new FaultPlan(List.of(Fault.parse("after=3:421")), null, 1))
        .forConnection(0);

    assertThat(faults.decide(SmtpStep.NOOP, 2).isNone()).isTrue();
    assertThat(faults.decide(SmtpStep.NOOP, 3).action()).isInstanceOf(FaultAction.Reply.class);
  }

  @Test
  void anyMatchesCommandsButNotTheGreetingOrTheEndOfData() {
    ConnectionFaults faults = new FaultInjector(new FaultPlan(List.of(Fault.parse("any:451")), null, 1))
        .forConnection(0);

    assertThat(faults.decide(SmtpStep.CONNECT, 0).isNone()).isTrue();
    assertThat(faults.decide(SmtpStep.DATA_END, 0).isNone()).isTrue();
    assertThat(faults.decide(SmtpStep.QUIT, 0).isNone()).isFalse();
  }

  @Test
  void aSinkWideScriptAdvancesAcrossConnectionsAndSkipsEventsThatDoNotMatch() {
    Script script = Script.builder()
        .thenReply(SmtpStep.DATA_END, 451, "4.3.0 first attempt fails")
        .thenProceed(SmtpStep.DATA_END)
        .thenReply(SmtpStep.RCPT, 550, "5.1.1 third")
        .build();
    FaultInjector injector = new FaultInjector(new FaultPlan(List.of(), script, 1));
    ConnectionFaults first = injector.forConnection(0);
    ConnectionFaults second = injector.forConnection(1);

    assertThat(first.decide(SmtpStep.RCPT, 0).isNone()).isTrue();
    assertThat(first.decide(SmtpStep.DATA_END, 1).action()).isEqualTo(FaultAction.reply(451, "4.3.0 first attempt fails"));
    assertThat(second.decide(SmtpStep.DATA_END, 1).isNone()).isTrue();
    assertThat(second.decide(SmtpStep.RCPT, 2).action()).isEqualTo(FaultAction.reply(550, "5.1.1 third"));
    assertThat(second.decide(SmtpStep.RCPT, 3).isNone()).isTrue();
  }

  @Test
  void aPerConnectionScriptStartsOverOnEveryConnection() {
    Script script = Script.builder().thenReply(SmtpStep.MAIL, 451, "4.3.0 no").perConnection().build();
    FaultInjector injector = new FaultInjector(new FaultPlan(List.of(), script, 1));

    assertThat(injector.forConnection(0).decide(SmtpStep.MAIL, 0).isNone()).isFalse();
    assertThat(injector.forConnection(1).decide(SmtpStep.MAIL, 0).isNone()).isFalse();
  }
}
