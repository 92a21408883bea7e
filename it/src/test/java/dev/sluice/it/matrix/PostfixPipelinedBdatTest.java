package dev.sluice.it.matrix;

import dev.sluice.client.ChunkingPolicy;
import dev.sluice.client.TlsMode;
import dev.sluice.it.peers.PostfixDovecot;
import dev.sluice.it.peers.RequiresPeer;

/** Pipelined BDAT against Postfix (implicit TLS port: PIPELINING and CHUNKING offered). */
@RequiresPeer(PostfixDovecot.NAME)
class PostfixPipelinedBdatTest extends PipelinedBdatMatrix {

  private PostfixDovecot postfix;

  @Override
  void startPeer() {
    postfix = new PostfixDovecot().mainCf("local_header_rewrite_clients", "").start();
  }

  @Override
  void stopPeer() {
    if (postfix != null) {
      postfix.close();
    }
  }

  @Override
  Endpoint endpoint() {
    return new Endpoint("Postfix implicit TLS, BDAT", postfix.smtpsPort(), TlsMode.IMPLICIT,
        ChunkingPolicy.PREFER_BDAT, true, postfix.caFile(), MaildirStore.postfix(postfix));
  }
}
