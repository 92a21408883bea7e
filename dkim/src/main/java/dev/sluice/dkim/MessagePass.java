package dev.sluice.dkim;

/**
 * One read of a message: the writers stacked for its canonicalisation. Text goes through the wire
 * line endings first; binary content (BDAT, BINARYMIME) goes on the wire as is and is signed so.
 */
final class MessagePass implements ByteSink {

  private final ByteSink in;
  private final HeaderBodySplit split;

  MessagePass(SignerScratch s, boolean relaxedBody, boolean binary, int maxHeader) {
    s.bodyDigest.reset();
    DigestSink digest = new DigestSink(s.bodyDigest);
    ByteSink body = relaxedBody ? new RelaxedBody(digest) : new SimpleBody(digest);
    split = new HeaderBodySplit(body, s.head, maxHeader);
    in = binary ? split : new WireLineEndings(split);
  }

  @Override
  public void write(byte[] b, int off, int len) {
    in.write(b, off, len);
  }

  @Override
  public void end() {
    in.end();
  }

  byte[] header() {
    return split.header();
  }

  int headerLength() {
    return split.headerLength();
  }
}
