package dev.sluice.sink.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FaultSpecTest {

  @Test
  void parsesAReplyWithTextAndPercentProbability() {
    Fault f = Fault.parse("rcpt:451 4.3.0 try later@5%");

    assertThat(f.step()).isEqualTo(SmtpStep.RCPT);
    assertThat(f.action()).isEqualTo(FaultAction.reply(451, "4.3.0 try later"));
    assertThat(f.probability()).isEqualTo(0.05);
    assertThat(f.afterCommands()).isZero();
  }

  @Test
  void parsesADisconnectAtTheEndOfData() {
    Fault f = Fault.parse("data-end:disconnect@1%");

    assertThat(f.step()).isEqualTo(SmtpStep.DATA_END);
    assertThat(f.action()).isEqualTo(FaultAction.disconnect());
    assertThat(f.probability()).isEqualTo(0.01);
  }

  @Test
  void parsesADisconnectMidDataWithAndWithoutAByteCount() {
    assertThat(Fault.parse("data:disconnect-mid@1%").action()).isEqualTo(FaultAction.disconnectMidData(1));
    assertThat(Fault.parse("bdat:disconnect-mid=4096").action()).isEqualTo(FaultAction.disconnectMidData(4096));
  }

  @Test
  void parsesDelaysInMillisecondsSecondsAndMinutes() {
    assertThat(Fault.parse("mail:delay=200ms").action()).isEqualTo(FaultAction.delay(Duration.ofMillis(200)));
    assertThat(Fault.parse("ehlo:delay=2s").action()).isEqualTo(FaultAction.delay(Duration.ofSeconds(2)));
    assertThat(Fault.parse("connect:delay=1m").action()).isEqualTo(FaultAction.delay(Duration.ofMinutes(1)));
  }

  @Test
  void parsesAfterNCommandsAsAnyCommandFromTheNextOne() {
    Fault f = Fault.parse("after=100:421");

    assertThat(f.step()).isEqualTo(SmtpStep.ANY);
    assertThat(f.afterCommands()).isEqualTo(100);
    assertThat(((FaultAction.Reply) f.action()).code()).isEqualTo(421);
    assertThat(((FaultAction.Reply) f.action()).closes()).isTrue();
  }

  @Test
  void acceptsAFractionAsProbabilityAndGreetingAsConnect() {
    Fault f = Fault.parse("greeting:554 5.3.2 go away@0.25");

    assertThat(f.step()).isEqualTo(SmtpStep.CONNECT);
    assertThat(f.probability()).isEqualTo(0.25);
  }

  @Test
  void keepsAnAtSignInTheTextWhenNoProbabilityFollowsIt() {
    Fault f = Fault.parse("rcpt:550 5.1.1 <nobody@example.test> unknown");

    assertThat(f.action()).isEqualTo(FaultAction.reply(550, "5.1.1 <nobody@example.test> unknown"));
    assertThat(f.probability()).isEqualTo(1.0);
  }

  @Test
  void givesAReplyWithoutTextADefaultText() {
    assertThat(((FaultAction.Reply) Fault.parse("mail:451").action()).text()).isEqualTo("4.0.0 Injected fault");
  }

  @ParameterizedTest
  @ValueSource(strings = {"rcpt:451 4.3.0 try later@5%", "data-end:disconnect@1%", "data:disconnect-mid=7@50%",
      "mail:delay=200ms", "after=100:421 4.3.2 bye", "connect:554 5.3.2 no"})
  void formatsBackToAnEquivalentSpec(String spec) {
    Fault f = Fault.parse(spec);

    assertThat(Fault.parse(f.toString())).isEqualTo(f);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "451 4.3.0", "rcpt", "rcpt:", "bogus:451", "rcpt:250 ok", "rcpt:299 x", "rcpt:600 x",
      "mail:delay=200", "mail:delay=0ms", "mail:delay=soon", "rcpt:disconnect-mid", "data:disconnect-mid=0",
      "rcpt:451 x@0%", "rcpt:451 x@150%", "after=x:421", "rcpt:explode"})
  void refusesMalformedSpecsWithTheSyntaxInTheMessage(String spec) {
    assertThatThrownBy(() -> Fault.parse(spec))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid fault spec")
        .hasMessageContaining(FaultSpec.SYNTAX);
  }

  @Test
  void namesTheKnownStepsWhenTheStepIsUnknown() {
    assertThatThrownBy(() -> Fault.parse("mial:451"))
        .hasMessageContaining("unknown step 'mial'")
        .hasMessageContaining("data-end");
  }
}
