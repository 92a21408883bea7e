package dev.sluice.it.sinkmatrix;

import dev.sluice.sink.TlsMode;
import java.nio.file.Path;

/** The sink matrix against the embedded {@code SmtpSink}: PLAIN, LOGIN and XOAUTH2 where the client speaks it. */
class EmbeddedSinkMatrixTest extends SinkMatrix {

  @Override
  SinkUnderTest start(TlsMode mode, TestPki pki, Path dir) {
    return new EmbeddedSink(mode, pki, dir);
  }
}
