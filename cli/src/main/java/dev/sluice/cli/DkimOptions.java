package dev.sluice.cli;

import dev.sluice.client.MessageContent;
import dev.sluice.client.bulk.BulkConfig;
import dev.sluice.dkim.Canonicalization;
import dev.sluice.dkim.DkimException;
import dev.sluice.dkim.DkimSigner;
import dev.sluice.dkim.KeyTable;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --dkim KEYTABLE} for send and blast: every key is loaded, and the From domain checked
 * against the table, before a connection is made, so a bad key file or a domain without a key
 * stops the command with a clear error and nothing sent.
 */
final class DkimOptions {

  @Option(names = "--dkim", paramLabel = "KEYTABLE",
      description = "Sign with DKIM: a file of 'domain selector keyfile' lines (keys from `sluice dkim keygen`); "
          + "two keys for a domain (RSA and Ed25519) give two signatures.")
  Path keyTable;

  @Option(names = "--dkim-canonicalization", paramLabel = "C", defaultValue = "relaxed/relaxed",
      description = "relaxed/relaxed (default), relaxed/simple or simple/simple.")
  String canonicalization;

  private DkimSigner signer;

  /** The signer, or null without --dkim; checks that {@code fromAddress}'s domain has a key. */
  DkimSigner signer(String fromAddress) {
    if (keyTable == null) {
      return null;
    }
    try {
      if (signer == null) {
        // the bundled Amazon Corretto Crypto Provider where its native library loads, else the JDK's
        signer = DkimSigner.builder(KeyTable.read(keyTable)).canonicalization(Canonicalization.parse(canonicalization))
            .fastestProvider().build();
      }
      if (fromAddress != null) {
        signer.keysFor(fromAddress.substring(fromAddress.lastIndexOf('@') + 1));
      }
      return signer;
    } catch (DkimException | IllegalArgumentException e) {
      throw new UsageException("--dkim: " + e.getMessage());
    }
  }

  /**
   * {@code content} signed (the caller's reference is released), or as it was without --dkim. The
   * key is chosen by the message's From header, which the signer reads.
   */
  MessageContent sign(MessageContent content) {
    DkimSigner s = signer(null);
    if (s == null) {
      return content;
    }
    try {
      return s.sign(content);
    } catch (DkimException e) {
      throw new UsageException("--dkim: " + e.getMessage());
    } finally {
      content.release();
    }
  }

  /** {@code bulk} with signing on the bulk sender's workers, or as it was without --dkim. */
  BulkConfig apply(BulkConfig bulk, String fromAddress) {
    DkimSigner s = signer(fromAddress);
    return s == null ? bulk : bulk.withTransform(s);
  }
}
