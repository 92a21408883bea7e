package dev.sluice.it.matrix;

import dev.sluice.it.peers.Aiosmtpd;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * aiosmtpd's store: one message per transaction with its envelope, the data exactly as received
 * (dot-stuffing removed, nothing else touched), so {@link #comparable} changes nothing. aiosmtpd
 * offers no CHUNKING: everything came by DATA.
 */
final class AiosmtpdStore implements Mailstore {

  private final Aiosmtpd aiosmtpd;
  private final Set<Path> read = new HashSet<>();
  private final Map<String, Stored> byRecipient = new HashMap<>();

  AiosmtpdStore(Aiosmtpd aiosmtpd) {
    this.aiosmtpd = aiosmtpd;
  }

  @Override
  public synchronized List<Stored> await(List<String> recipients, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      refresh();
      List<Stored> found = new ArrayList<>();
      for (String r : recipients) {
        if (byRecipient.containsKey(r)) {
          found.add(byRecipient.get(r));
        }
      }
      if (found.size() == recipients.size()) {
        return found;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("stored for " + found.size() + " of " + recipients.size() + " recipients after "
            + timeout.toMillis() + " ms\n" + aiosmtpd.logTail());
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
  }

  @Override
  public synchronized boolean holdsAnythingFor(String recipient) {
    refresh();
    return byRecipient.containsKey(recipient);
  }

  @Override
  public byte[] comparable(byte[] message) {
    return message;
  }

  private void refresh() {
    for (Path eml : aiosmtpd.deliveredFiles()) {
      if (read.add(eml)) {
        Aiosmtpd.Received m = aiosmtpd.read(eml);
        String mechanism = m.authMechanism() == null ? null : m.authMechanism().toUpperCase(Locale.ROOT);
        for (String r : m.rcptTos()) {
          byRecipient.put(r, new Stored(r, m.data(), m.tls(), mechanism, m.smtpUtf8(), false, eml.toString()));
        }
      }
    }
  }
}
