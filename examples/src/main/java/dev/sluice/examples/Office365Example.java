package dev.sluice.examples;

import dev.sluice.client.Credentials;
import dev.sluice.client.Envelope;
import dev.sluice.client.MessageContent;
import dev.sluice.client.Office365;
import dev.sluice.client.SmtpClient;
import dev.sluice.client.TokenSource;
import dev.sluice.client.bulk.BulkConfig;
import dev.sluice.client.bulk.BulkSender;
import dev.sluice.client.probe.Probe;
import dev.sluice.client.probe.ProbeReport;
import java.util.List;

/**
 * README "Office 365". Compiled, not run by the tests: it needs Office 365 and a token command;
 * the preset itself is tested in core ({@code Office365Test}).
 */
public final class Office365Example {

  private Office365Example() {}

  public static ProbeReport sendAndProbe(byte[] mime) throws InterruptedException {
    // README:office365
    Credentials me = Credentials.oauth("me@contoso.com", TokenSource.command(List.of("my-token-helper")));
    try (SmtpClient client = SmtpClient.create(Office365.config(me).build());
         BulkSender sender = BulkSender.create(client, BulkConfig.OFFICE_365)) {
      sender.submit(Envelope.of("me@contoso.com", "you@example.org"), MessageContent.of(mime));
    }
    ProbeReport report = Probe.of(Office365.config(me).build()).run();   // sluice probe as a library
    // README:end
    return report;
  }
}
