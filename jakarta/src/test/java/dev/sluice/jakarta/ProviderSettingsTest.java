package dev.sluice.jakarta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.client.TlsMode;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ProviderSettingsTest {

  private static Properties props(String... kv) {
    Properties p = new Properties();
    for (int i = 0; i < kv.length; i += 2) {
      p.put(kv[i], kv[i + 1]);
    }
    return p;
  }

  @Test
  void tlsTakesTheValuesOfSendTls() {
    assertThat(ProviderSettings.read(props("mail.sluice.tls", "implicit"), "h", -1, null, null).tls())
        .isEqualTo(TlsMode.IMPLICIT);
    assertThat(ProviderSettings.read(props("mail.sluice.tls", "none"), "h", -1, null, null).port()).isEqualTo(587);
    assertThat(ProviderSettings.read(props("mail.sluice.tls", "opportunistic"), "h", -1, null, null).tls())
        .isEqualTo(TlsMode.STARTTLS_OPPORTUNISTIC);
  }

  @Test
  void anOldSmtpConfigurationWithoutTlsStillGetsStartTlsRequired() {
    ProviderSettings s = ProviderSettings.read(props("mail.smtp.host", "mx.example", "mail.smtp.port", "25"), null, -1,
        null, null);
    assertThat(s.tls()).isEqualTo(TlsMode.STARTTLS_REQUIRED);
    assertThat(s.host()).isEqualTo("mx.example");
    assertThat(s.port()).isEqualTo(25);
    assertThat(ProviderSettings.read(props("mail.smtp.ssl.enable", "true"), "h", -1, null, null).port()).isEqualTo(465);
  }

  @Test
  void sluicePropertiesWinOverSmtpOnes() {
    ProviderSettings s = ProviderSettings.read(props("mail.smtp.host", "old", "mail.sluice.host", "new",
        "mail.smtp.port", "25", "mail.sluice.port", "2525"), null, -1, null, null);
    assertThat(s.host()).isEqualTo("new");
    assertThat(s.port()).isEqualTo(2525);
  }

  @Test
  void badValuesNameTheProperty() {
    assertThatThrownBy(() -> ProviderSettings.read(props("mail.sluice.tls", "ssl"), "h", -1, null, null))
        .hasMessageContaining("mail.sluice.tls must be starttls, implicit, opportunistic or none");
    assertThatThrownBy(() -> ProviderSettings.read(props("mail.sluice.pool.maxConnections", "many"), "h", -1, null,
        null)).hasMessageContaining("mail.sluice.pool.maxConnections");
    assertThatThrownBy(() -> ProviderSettings.read(props("mail.sluice.auth", "true"), "h", -1, null, null))
        .hasMessageContaining("no user and password");
  }

  @Test
  void thePasswordNeverShowsInToString() {
    ProviderSettings s = ProviderSettings.read(props(), "h", 25, "me", "topsecret");
    assertThat(s.auth()).isTrue();
    assertThat(s.toString()).doesNotContain("topsecret");
  }
}
