package dev.sluice.it.matrix;

import dev.sluice.client.ChunkingPolicy;
import dev.sluice.client.TlsMode;
import dev.sluice.it.peers.Exim;
import dev.sluice.it.peers.RequiresPeer;
import java.util.List;

/**
 * The client matrix against exim: STARTTLS with CHUNKING (BDAT, which exim's log confirms with its
 * K flag), and implicit TLS by DATA.
 */
@RequiresPeer(Exim.NAME)
class EximMatrixTest extends ClientMatrix {

  private Exim exim;

  @Override
  void startPeers() {
    exim = new Exim().start();
  }

  @Override
  void stopPeers() {
    if (exim != null) {
      exim.close();
    }
  }

  @Override
  List<Endpoint> endpoints() {
    MaildirStore store = MaildirStore.exim(exim);
    return List.of(
        new Endpoint("exim STARTTLS, CHUNKING (BDAT)", exim.submissionPort(), TlsMode.STARTTLS_REQUIRED,
            ChunkingPolicy.PREFER_BDAT, true, exim.caFile(), store),
        new Endpoint("exim implicit TLS, DATA", exim.smtpsPort(), TlsMode.IMPLICIT,
            ChunkingPolicy.DATA_ONLY, false, exim.caFile(), store));
  }
}
