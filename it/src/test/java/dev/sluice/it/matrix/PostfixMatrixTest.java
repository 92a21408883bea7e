package dev.sluice.it.matrix;

import dev.sluice.client.ChunkingPolicy;
import dev.sluice.client.TlsMode;
import dev.sluice.it.peers.PostfixDovecot;
import dev.sluice.it.peers.RequiresPeer;
import java.util.List;

/** The client matrix against Postfix with Dovecot SASL: STARTTLS by DATA, implicit TLS by BDAT. */
@RequiresPeer(PostfixDovecot.NAME)
class PostfixMatrixTest extends ClientMatrix {

  private PostfixDovecot postfix;

  @Override
  void startPeers() {
    postfix = new PostfixDovecot()
        // Postfix's default limit is 10,240,000 bytes: below the 10 MiB case
        .mainCf("message_size_limit", String.valueOf(32 * 1024 * 1024))
        // 127.0.0.1 is "local" by default, and Postfix then adds Date, Message-ID and From to
        // messages that lack them (the headerless smuggling vectors): keep messages as sent
        .mainCf("local_header_rewrite_clients", "")
        .start();
  }

  @Override
  void stopPeers() {
    if (postfix != null) {
      postfix.close();
    }
  }

  @Override
  List<Endpoint> endpoints() {
    MaildirStore store = MaildirStore.postfix(postfix);
    return List.of(
        new Endpoint("Postfix submission, STARTTLS, DATA", postfix.submissionPort(), TlsMode.STARTTLS_REQUIRED,
            ChunkingPolicy.DATA_ONLY, false, postfix.caFile(), store),
        new Endpoint("Postfix implicit TLS, BDAT", postfix.smtpsPort(), TlsMode.IMPLICIT,
            ChunkingPolicy.PREFER_BDAT, true, postfix.caFile(), store));
  }
}
