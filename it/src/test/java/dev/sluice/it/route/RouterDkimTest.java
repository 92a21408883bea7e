package dev.sluice.it.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.client.Envelope;
import dev.sluice.client.MessageContent;
import dev.sluice.client.Timeouts;
import dev.sluice.client.bulk.Outcome;
import dev.sluice.dkim.DkimAlgorithm;
import dev.sluice.dkim.DkimKey;
import dev.sluice.dkim.DkimKeyPair;
import dev.sluice.dkim.DkimSigner;
import dev.sluice.dkim.KeyTable;
import dev.sluice.it.dkim.DkimVerifiers;
import dev.sluice.route.MessageOutcome;
import dev.sluice.route.Router;
import dev.sluice.route.RouterConfig;
import dev.sluice.route.dns.DnsConfig;
import dev.sluice.route.shaping.Shaping;
import dev.sluice.sink.SmtpSink;
import dev.sluice.sink.StoredMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The router signs each message (RouterConfig.transform with a DkimSigner) before routing it by MX
 * through Knot; dkimpy verifies what the MX received with the public keys published in the same
 * Knot, as a receiver would look them up. A From domain without a key is refused, nothing sent.
 */
class RouterDkimTest {

  @TempDir
  Path dir;

  /** A TXT record's value as quoted character-strings of at most 255 octets (an RSA-2048 key is ~400). */
  private static String txt(String value) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < value.length(); i += 200) {
      sb.append('"').append(value, i, Math.min(value.length(), i + 200)).append("\" ");
    }
    return sb.toString().trim();
  }

  @Test
  void aRoutedMessageArrivesSignedAndVerifiesWithKeysFromDns() throws Exception {
    KnotDns.require();
    DkimVerifiers.require();
    DkimKeyPair rsa = DkimKeyPair.generate(DkimAlgorithm.RSA_SHA256, 2048);
    DkimKeyPair ed = DkimKeyPair.generate(DkimAlgorithm.ED25519_SHA256, 0);
    DkimSigner signer = DkimSigner.builder(KeyTable.of(List.of(DkimKey.of("sluice.test", "rsa2048", rsa.privateKey()),
        DkimKey.of("sluice.test", "ed", ed.privateKey())))).build();
    try (SmtpSink mx = SmtpSink.builder().bind("127.0.0.8").port(0).inMemory().hostname("mx.signed.test").start();
         KnotDns dns = new KnotDns()) {
      dns.zone("signed.test", "@ MX 10 mx", "mx A 127.0.0.8")
          .zone("sluice.test", "rsa2048._domainkey TXT " + txt(rsa.txtValue()), "ed._domainkey TXT " + txt(ed.txtValue()))
          .start(dir.resolve("knot"));
      RouterConfig config = RouterConfig.builder().heloName("client.test").port(mx.port())
          .dns(DnsConfig.DEFAULT.withNameservers(List.of(dns.address())).withQueryTimeout(Duration.ofSeconds(1)))
          .shaping(Shaping.DEFAULT.withAllowPrivateMx(true)).timeouts(Timeouts.all(Duration.ofSeconds(5)))
          .transform(signer).build();
      MessageOutcome signed;
      MessageOutcome refused;
      try (Router router = Router.create(config)) {
        signed = router.submit(Envelope.of("news@sluice.test", "x@signed.test"), MessageContent.of(
            "From: News <news@sluice.test>\r\nTo: x@signed.test\r\nSubject: routed and signed\r\n"
                + "Date: Thu, 03 Dec 2026 10:00:00 +0000\r\nMessage-ID: <r1@sluice.test>\r\n\r\nHello  there\r\n\r\n"))
            .get(60, TimeUnit.SECONDS);
        refused = router.submit(Envelope.of("me@nokey.test", "y@signed.test"), MessageContent.of(
            "From: me@nokey.test\r\nTo: y@signed.test\r\nSubject: no key\r\n\r\nbody\r\n")).get(60, TimeUnit.SECONDS);
      }

      assertThat(signed.status()).isEqualTo(MessageOutcome.Status.DELIVERED);
      assertThat(refused.recipients().get(0).status()).isEqualTo(Outcome.Status.FAILED);
      assertThat(refused.recipients().get(0).detail()).contains("transform failed").contains("nokey.test");
      List<StoredMessage> received = mx.awaitMessages(1, Duration.ofSeconds(5));
      assertThat(received).hasSize(1);
      assertThat(received.get(0).recipientAddresses()).containsExactly("x@signed.test");
      String data = received.get(0).dataAsString();
      assertThat(data).startsWith("DKIM-Signature: ").contains("a=rsa-sha256;").contains("a=ed25519-sha256;");
      List<Path> files = new ArrayList<>(List.of(Files.write(dir.resolve("routed.eml"), received.get(0).data())));
      // The same bytes with the body changed must fail: the verdicts are real.
      files.add(Files.writeString(dir.resolve("tampered.eml"), data.replace("Hello  there", "Hello there!")));
      Map<Path, List<String>> verdicts = DkimVerifiers.dkimpyWithDns(dns.address(), dir, files);
      assertThat(verdicts.get(files.get(0))).containsExactly("pass rsa-sha256", "pass ed25519-sha256");
      assertThat(verdicts.get(files.get(1))).containsExactly("fail rsa-sha256", "fail ed25519-sha256");
    }
  }
}
