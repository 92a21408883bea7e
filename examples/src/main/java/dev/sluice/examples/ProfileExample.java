package dev.sluice.examples;

import dev.sluice.sink.SmtpSink;
import dev.sluice.sink.handler.ProviderProfile;

/** README "The sink in your tests": a sink that answers like Outlook. */
public final class ProfileExample {

  private ProfileExample() {}

  public static SmtpSink outlookLikeSink() {
    // README:profile
    SmtpSink sink = SmtpSink.builder()
        .handler(ProviderProfile.outlook().transientFailures(0.10).permanentFailures(0.02).seed(7))
        .inMemory()
        .start();
    // README:end
    return sink;
  }
}
