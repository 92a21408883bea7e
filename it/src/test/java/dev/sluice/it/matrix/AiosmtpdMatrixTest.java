package dev.sluice.it.matrix;

import dev.sluice.client.ChunkingPolicy;
import dev.sluice.client.TlsMode;
import dev.sluice.it.peers.Aiosmtpd;
import dev.sluice.it.peers.RequiresPeer;
import java.util.List;

/**
 * The client matrix against aiosmtpd, which stores the exact DATA bytes: plaintext (AUTH in the
 * clear, explicitly allowed), STARTTLS and implicit TLS. It offers neither PIPELINING nor CHUNKING,
 * so the client goes lockstep and falls back to DATA.
 */
@RequiresPeer(Aiosmtpd.NAME)
class AiosmtpdMatrixTest extends ClientMatrix {

  private Aiosmtpd aiosmtpd;

  @Override
  void startPeers() {
    aiosmtpd = new Aiosmtpd().withDefaultUser().start();
  }

  @Override
  void stopPeers() {
    if (aiosmtpd != null) {
      aiosmtpd.close();
    }
  }

  @Override
  List<Endpoint> endpoints() {
    AiosmtpdStore store = new AiosmtpdStore(aiosmtpd);
    return List.of(
        new Endpoint("aiosmtpd plaintext", aiosmtpd.plainPort(), TlsMode.NONE, ChunkingPolicy.PREFER_BDAT, false,
            aiosmtpd.caFile(), store),
        new Endpoint("aiosmtpd STARTTLS", aiosmtpd.submissionPort(), TlsMode.STARTTLS_REQUIRED,
            ChunkingPolicy.PREFER_BDAT, false, aiosmtpd.caFile(), store),
        new Endpoint("aiosmtpd implicit TLS", aiosmtpd.smtpsPort(), TlsMode.IMPLICIT, ChunkingPolicy.PREFER_BDAT,
            false, aiosmtpd.caFile(), store));
  }
}
