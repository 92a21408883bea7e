package dev.sluice.it.matrix;

import dev.sluice.client.ChunkingPolicy;
import dev.sluice.client.TlsMode;
import java.nio.file.Path;

/**
 * One way into a peer: its port and TLS mode, how the client is told to send data, the CA that
 * signed the peer's certificate, and where the peer stores what it accepts.
 *
 * @param bdat whether the data must go by BDAT (the server offers CHUNKING and the client prefers it)
 */
record Endpoint(String name, int port, TlsMode tls, ChunkingPolicy chunking, boolean bdat, Path ca,
    Mailstore store) {

  @Override
  public String toString() {
    return name;
  }
}
