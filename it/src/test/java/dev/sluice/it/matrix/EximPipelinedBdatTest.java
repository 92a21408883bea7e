package dev.sluice.it.matrix;

import dev.sluice.client.ChunkingPolicy;
import dev.sluice.client.TlsMode;
import dev.sluice.it.peers.Exim;
import dev.sluice.it.peers.RequiresPeer;

/** Pipelined BDAT against exim (STARTTLS submission: PIPELINING and CHUNKING offered). */
@RequiresPeer(Exim.NAME)
class EximPipelinedBdatTest extends PipelinedBdatMatrix {

  private Exim exim;

  @Override
  void startPeer() {
    exim = new Exim().start();
  }

  @Override
  void stopPeer() {
    if (exim != null) {
      exim.close();
    }
  }

  @Override
  Endpoint endpoint() {
    return new Endpoint("exim STARTTLS, CHUNKING (BDAT)", exim.submissionPort(), TlsMode.STARTTLS_REQUIRED,
        ChunkingPolicy.PREFER_BDAT, true, exim.caFile(), MaildirStore.exim(exim));
  }
}
