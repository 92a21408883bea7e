package dev.sluice.examples;

import dev.sluice.client.Envelope;
import dev.sluice.client.MessageContent;
import dev.sluice.client.SmtpClient;
import dev.sluice.client.bulk.BulkConfig;
import dev.sluice.client.bulk.BulkSender;
import dev.sluice.client.bulk.Outcome;
import dev.sluice.dkim.DkimSigner;
import dev.sluice.dkim.KeyTable;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;

/**
 * README "DKIM signing": the signer from keys.table in the working directory (as the README's
 * shell example leaves it), then a bulk sender that signs with it.
 */
public final class DkimExample {

  private DkimExample() {}

  /** The README's signer, from keys.table in the working directory. */
  public static DkimSigner signer() {
    // README:dkim
    DkimSigner signer = DkimSigner.builder(KeyTable.read(Path.of("keys.table"))).build();
    // README:end
    return signer;
  }

  /** The README's provider choice: the fastest signature provider on the class path. */
  public static DkimSigner fastestSigner(KeyTable keys) {
    // README:dkim-provider
    DkimSigner signer = DkimSigner.builder(keys).fastestProvider().build();   // ACCP if it loads, else the JDK
    // or .provider(someProvider): that provider for the algorithms it has, the JDK's for the others
    // README:end
    return signer;
  }

  /** Sends {@code content}, signed by {@code signer}, through a bulk sender on {@code client}. */
  public static Outcome sendSigned(SmtpClient client, DkimSigner signer, Envelope envelope, MessageContent content)
      throws InterruptedException, ExecutionException {
    // README:dkim
    BulkSender sender = BulkSender.create(client, BulkConfig.DEFAULT.withTransform(signer));
    // README:end
    try (sender) {
      return sender.submit(envelope, content).get();
    }
  }
}
