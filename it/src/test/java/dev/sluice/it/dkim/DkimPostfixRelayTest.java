package dev.sluice.it.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.client.Credentials;
import dev.sluice.client.Envelope;
import dev.sluice.client.MessageContent;
import dev.sluice.client.SmtpClient;
import dev.sluice.client.SmtpClientConfig;
import dev.sluice.client.SmtpSession;
import dev.sluice.client.TlsMode;
import dev.sluice.client.TrustConfig;
import dev.sluice.dkim.Canonicalization;
import dev.sluice.dkim.DkimAlgorithm;
import dev.sluice.dkim.DkimKey;
import dev.sluice.dkim.DkimKeyPair;
import dev.sluice.dkim.DkimSigner;
import dev.sluice.dkim.KeyTable;
import dev.sluice.it.peers.Peers;
import dev.sluice.it.peers.PostfixDovecot;
import dev.sluice.it.peers.RequiresPeer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signed by Sluice, relayed by Postfix (submission with STARTTLS and AUTH, delivered by Dovecot to
 * a Maildir with its trace fields added and LF line ends), and still verified by dkimpy and OpenDKIM.
 */
@RequiresPeer(PostfixDovecot.NAME)
class DkimPostfixRelayTest {

  @TempDir
  Path dir;

  @Test
  void signaturesSurviveARelayThroughPostfix() throws Exception {
    DkimVerifiers.require();
    DkimKeyPair rsa = DkimKeyPair.generate(DkimAlgorithm.RSA_SHA256, 2048);
    DkimKeyPair ed = DkimKeyPair.generate(DkimAlgorithm.ED25519_SHA256, 0);
    KeyTable keys = KeyTable.of(List.of(DkimKey.of("sluice.test", "rsa2048", rsa.privateKey()),
        DkimKey.of("sluice.test", "ed", ed.privateKey())));
    Path publicKeys = DkimVerifiers.keysFile(dir, Map.of("rsa2048._domainkey.sluice.test", rsa.txtValue(),
        "ed._domainkey.sluice.test", ed.txtValue()));
    Map<String, byte[]> corpus = DkimCorpus.messages();
    List<String> names = List.of("mime-attachment", "eight-bit", "bare-lf", "blank-lines-only");
    List<Canonicalization> canonicalizations = List.of(Canonicalization.RELAXED_RELAXED,
        Canonicalization.SIMPLE_SIMPLE);
    try (PostfixDovecot postfix = new PostfixDovecot().start();
         SmtpClient client = SmtpClient.create(SmtpClientConfig.builder("localhost").port(postfix.submissionPort())
             .tlsMode(TlsMode.STARTTLS_REQUIRED).trust(TrustConfig.pemFile(postfix.caFile()))
             .heloName("client.example.test").credentials(Credentials.password(Peers.USER, Peers.PASSWORD)).build())) {
      SmtpSession session = client.connect().get();
      for (Canonicalization c : canonicalizations) {
        DkimSigner signer = DkimSigner.builder(keys).canonicalization(c).build();
        for (String name : names) {
          MessageContent signed = signer.sign(MessageContent.of(corpus.get(name)));
          assertThat(session.send(Envelope.of(Peers.USER, "rcpt@example.test"), signed).get().accepted()).isTrue();
          signed.release();
        }
      }
      session.quit().get();
      List<byte[]> delivered = postfix.awaitDelivered(names.size() * canonicalizations.size(), Duration.ofSeconds(30));
      List<Path> files = new ArrayList<>();
      for (int i = 0; i < delivered.size(); i++) {
        files.add(Files.write(dir.resolve("delivered-" + i + ".eml"), delivered.get(i)));
      }
      assertThat(new String(delivered.get(0), java.nio.charset.StandardCharsets.UTF_8)).contains("Received: ");
      List<String> expected = List.of("pass rsa-sha256", "pass ed25519-sha256");
      Map<Path, List<String>> dkimpy = DkimVerifiers.dkimpy(publicKeys, files);
      Map<Path, List<String>> opendkim = DkimVerifiers.opendkim(publicKeys, files);
      for (Path f : files) {
        assertThat(dkimpy.get(f)).as("dkimpy " + f.getFileName()).isEqualTo(expected);
        assertThat(opendkim.get(f)).as("opendkim " + f.getFileName()).isEqualTo(expected);
      }
    }
  }
}
