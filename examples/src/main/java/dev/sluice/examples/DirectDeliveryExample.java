package dev.sluice.examples;

import dev.sluice.client.Envelope;
import dev.sluice.client.MessageContent;
import dev.sluice.route.MessageOutcome;
import dev.sluice.route.RecipientOutcome;
import dev.sluice.route.Router;
import dev.sluice.route.RouterConfig;

/**
 * README "Direct delivery": the configuration (for the Internet: built, not used by the tests),
 * then the delivery, run by the tests with a configuration whose smarthost is a sink.
 */
public final class DirectDeliveryExample {

  private DirectDeliveryExample() {}

  /** The README's configuration: port 25 of each recipient's MX hosts, the system's resolvers. */
  public static RouterConfig config() {
    // README:route
    RouterConfig config = RouterConfig.builder().heloName("mta.example.com").build();   // port 25, resolv.conf
    // README:end
    return config;
  }

  /** The README's delivery of {@code mime} to a@example.org and b@example.net with {@code config}. */
  public static void deliver(RouterConfig config, byte[] mime) throws InterruptedException {
    // README:route
    try (Router router = Router.create(config)) {
      MessageOutcome o = router.submit(Envelope.of("me@example.com", "a@example.org", "b@example.net"),
          MessageContent.of(mime)).join();              // never fails: every problem is a recipient's outcome
      for (RecipientOutcome r : o.recipients()) {       // DELIVERED / REJECTED / FAILED / UNKNOWN,
        System.out.println(r);                          // with the reply, the MX host and the TLS verdict
      }
    }
    // README:end
  }
}
