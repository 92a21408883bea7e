package dev.sluice.route.sts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class StsPolicyTest {

  @Test
  void parsesTheRfcExampleWithCrlfAndUnknownFields() {
    StsPolicy p = StsPolicy.parse("version: STSv1\r\nmode: enforce\r\nmx: mail.example.com\r\nmx: *.example.net\r\n"
        + "mx: backupmx.example.com\r\nmax_age: 604800\r\nfuture_field: ignored\r\n");
    assertThat(p.mode()).isEqualTo(StsPolicy.Mode.ENFORCE);
    assertThat(p.mx()).containsExactly("mail.example.com", "*.example.net", "backupmx.example.com");
    assertThat(p.maxAgeSeconds()).isEqualTo(604800);
    assertThat(p.lines()).hasSize(7).contains("future_field: ignored");
  }

  @Test
  void noneModeNeedsNoMx() {
    assertThat(StsPolicy.parse("version: STSv1\nmode: none\nmax_age: 86400\n").mode()).isEqualTo(StsPolicy.Mode.NONE);
  }

  @Test
  void refusesWhatTheRfcForbids() {
    assertThatThrownBy(() -> StsPolicy.parse("mode: enforce\nmx: a.example\nmax_age: 1\n"))
        .isInstanceOf(StsException.class).hasMessageContaining("no version");
    assertThatThrownBy(() -> StsPolicy.parse("version: STSv2\nmode: enforce\nmx: a.example\nmax_age: 1\n"))
        .hasMessageContaining("not STSv1");
    assertThatThrownBy(() -> StsPolicy.parse("version: STSv1\nmode: strict\nmx: a.example\nmax_age: 1\n"))
        .hasMessageContaining("mode 'strict'");
    assertThatThrownBy(() -> StsPolicy.parse("version: STSv1\nmode: enforce\nmx: a.example\nmax_age: -5\n"))
        .hasMessageContaining("max_age '-5'");
    assertThatThrownBy(() -> StsPolicy.parse("version: STSv1\nmode: enforce\nmx: a.example\nmax_age: 31557601\n"))
        .hasMessageContaining("more than a year");
    assertThatThrownBy(() -> StsPolicy.parse("version: STSv1\nmode: testing\nmax_age: 10\n"))
        .hasMessageContaining("no mx");
    assertThatThrownBy(() -> StsPolicy.parse("version: STSv1\nmode: enforce\nmx: *.*.example\nmax_age: 10\n"))
        .hasMessageContaining("not a host name");
    assertThatThrownBy(() -> StsPolicy.parse("<html>not a policy</html>"))
        .extracting(e -> ((StsException) e).kind()).isEqualTo(StsException.Kind.POLICY_INVALID);
  }

  @Test
  void txtIdNeedsExactlyOneStsRecord() {
    assertThat(StsPolicy.txtId(List.of("v=STSv1; id=20160831085700Z;"))).isEqualTo("20160831085700Z");
    assertThat(StsPolicy.txtId(List.of("v=spf1 -all", "v=STSv1; id=abc"))).isEqualTo("abc");
    assertThat(StsPolicy.txtId(List.of("v=STSv1; id=a", "v=STSv1; id=b"))).isNull();
    assertThat(StsPolicy.txtId(List.of("v=STSv1; id=not-alnum"))).isNull();
    assertThat(StsPolicy.txtId(List.of("v=STSv1;"))).isNull();
    assertThat(StsPolicy.txtId(List.of())).isNull();
  }
}
