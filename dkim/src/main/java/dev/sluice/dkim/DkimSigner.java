package dev.sluice.dkim;

import dev.sluice.client.Envelope;
import dev.sluice.client.MessageContent;
import dev.sluice.client.bulk.MessageTransform;
import io.netty.buffer.ByteBuf;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.Provider;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * Signs messages with the keys of their From domain: one DKIM-Signature field per key, put in
 * front of the message. As a {@link MessageTransform} it plugs into the bulk sender, which runs it
 * off the event loop.
 *
 * <p>Cost model: the message is read once, in chunks, through the stacked writers (wire line
 * endings → header/body split → body canonicalisation → SHA-256); the header block is parsed once;
 * then each key signs a few hundred bytes of header data. The signed content is the signature
 * fields and the original buffer in one composite buffer — the body is never copied. Per-thread
 * scratch buffers keep the allocation per message small.
 *
 * <p>Thread-safe: immutable settings, per-thread scratch state.
 */
public final class DkimSigner implements MessageTransform {

  private static final ThreadLocal<SignerScratch> SCRATCH = ThreadLocal.withInitial(SignerScratch::new);

  private final KeyTable keys;
  private final Canonicalization canonicalization;
  private final Duration expiry;
  private final boolean auid;
  private final Clock clock;
  private final int maxHeaderBytes;
  private final SignatureEngines engines;

  private DkimSigner(Builder b) {
    this.keys = b.keys;
    this.canonicalization = b.canonicalization;
    this.expiry = b.expiry;
    this.auid = b.auid;
    this.clock = b.clock;
    this.maxHeaderBytes = b.maxHeaderBytes;
    this.engines = b.engines;
  }

  public static Builder builder(KeyTable keys) {
    return new Builder(keys);
  }

  public KeyTable keys() {
    return keys;
  }

  public Canonicalization canonicalization() {
    return canonicalization;
  }

  /** The provider that signs {@code algorithm}: its name, or "JDK" for the JDK's own. */
  public String providerName(DkimAlgorithm algorithm) {
    return engines.name(algorithm);
  }

  /** The keys for {@code fromDomain}, or a {@link DkimException} saying there are none: check before sending. */
  public List<DkimKey> keysFor(String fromDomain) {
    return keys.keysFor(fromDomain);
  }

  @Override
  public MessageContent apply(Envelope envelope, MessageContent content) {
    return sign(content);
  }

  /**
   * The signed message: the DKIM-Signature fields, then {@code content} unchanged (in memory: the
   * same buffer, retained; files and streams: read again when sent). The caller keeps its
   * reference to {@code content} and owns the returned one.
   */
  public MessageContent sign(MessageContent content) {
    if (content instanceof MessageContent.InMemory m) {
      ByteBuf data = m.retainedData();
      byte[] fields;
      try {
        fields = signatureFields(data, m.isBinary());
      } finally {
        data.release();
      }
      return MessageContent.prepend(fields, m);
    }
    if (content instanceof MessageContent.FromFile f) {
      byte[] fields;
      try (InputStream in = Files.newInputStream(f.file())) {
        fields = signatureFields(in, false);
      } catch (IOException e) {
        throw new DkimException(DkimException.Problem.UNREADABLE, "cannot read " + f.file() + ": " + e.getMessage(), e);
      }
      return MessageContent.ofStream(() -> prepend(fields, () -> Files.newInputStream(f.file())));
    }
    MessageContent.FromStream s = (MessageContent.FromStream) content;
    byte[] fields;
    try (InputStream in = s.stream().get()) {
      fields = signatureFields(in, false);
    } catch (IOException e) {
      throw new DkimException(DkimException.Problem.UNREADABLE, "cannot read the message: " + e.getMessage(), e);
    }
    return MessageContent.ofStream(() -> prepend(fields, () -> s.stream().get()));
  }

  private interface Opener {
    InputStream open() throws IOException;
  }

  private static InputStream prepend(byte[] fields, Opener rest) {
    try {
      return new SequenceInputStream(new ByteArrayInputStream(fields), rest.open());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The DKIM-Signature field(s) for the readable bytes of {@code message} (not consumed). Text is
   * signed as the client will send it (bare CR and LF as CRLF); {@code binary} content as is.
   */
  public byte[] signatureFields(ByteBuf message, boolean binary) {
    SignerScratch s = SCRATCH.get();
    return finish(s, read(s, message, binary));
  }

  /**
   * The body hash ({@code bh=}, not base64) of {@code message} in this signer's canonicalisation,
   * and nothing signed: the streaming part of signing alone, for tools and measurements.
   */
  public byte[] bodyHash(ByteBuf message, boolean binary) {
    SignerScratch s = SCRATCH.get();
    read(s, message, binary).end();
    return s.bodyDigest.digest();
  }

  private MessagePass read(SignerScratch s, ByteBuf message, boolean binary) {
    MessagePass pass = new MessagePass(s, canonicalization.relaxedBody(), binary, maxHeaderBytes);
    if (message.hasArray()) {
      pass.write(message.array(), message.arrayOffset() + message.readerIndex(), message.readableBytes());
    } else {
      byte[] copy = s.copy;
      int end = message.writerIndex();
      for (int i = message.readerIndex(); i < end; i += copy.length) {
        int n = Math.min(copy.length, end - i);
        message.getBytes(i, copy, 0, n);
        pass.write(copy, 0, n);
      }
    }
    return pass;
  }

  /** The DKIM-Signature field(s) for a message read from {@code in} to its end. */
  public byte[] signatureFields(InputStream in, boolean binary) throws IOException {
    SignerScratch s = SCRATCH.get();
    MessagePass pass = new MessagePass(s, canonicalization.relaxedBody(), binary, maxHeaderBytes);
    byte[] copy = s.copy;
    for (int n; (n = in.read(copy)) >= 0; ) {
      pass.write(copy, 0, n);
    }
    return finish(s, pass);
  }

  private byte[] finish(SignerScratch s, MessagePass pass) {
    pass.end();
    List<HeaderField> fields = HeaderBlock.parse(pass.header(), pass.headerLength()).fields();
    List<DkimKey> signing = keys.keysFor(FromDomain.of(fields));
    String bodyHash = Base64.getEncoder().encodeToString(s.bodyDigest.digest());
    List<String> names = SignedHeaders.names(fields);
    boolean relaxed = canonicalization.relaxedHeader();
    Bytes data = s.data;
    data.reset();
    SignedHeaders.canonical(fields, names, relaxed, data);
    int headerData = data.length();
    long t = clock.instant().getEpochSecond();
    long x = expiry == null ? 0 : t + expiry.getSeconds();
    Bytes out = s.out;
    out.reset();
    for (DkimKey key : signing) {
      int start = out.length();
      SignatureField.writeUnsigned(out, key, canonicalization, t, x, auid, names, bodyHash);
      data.truncate(headerData);
      appendOwnField(out.array(), start, out.length() - start, relaxed, data);
      SignatureField.writeSignature(out, s.sign(engines, key, data.array(), data.length()));
    }
    return Arrays.copyOf(out.array(), out.length());
  }

  /** The signature field itself, canonicalised, without its final CRLF (RFC 6376 §3.7). */
  static void appendOwnField(byte[] b, int off, int len, boolean relaxed, Bytes data) {
    if (relaxed) {
      HeaderCanon.relaxed(b, off, len, data);
      data.truncate(data.length() - 2);
    } else {
      data.write(b, off, len);
    }
  }

  /** Settings; the defaults are relaxed/relaxed, no expiry, no {@code i=}. */
  public static final class Builder {
    private final KeyTable keys;
    private Canonicalization canonicalization = Canonicalization.RELAXED_RELAXED;
    private Duration expiry;
    private boolean auid;
    private Clock clock = Clock.systemUTC();
    private int maxHeaderBytes = 1 << 20;
    private SignatureEngines engines = SignatureEngines.JDK;

    private Builder(KeyTable keys) {
      this.keys = Objects.requireNonNull(keys, "keys");
    }

    public Builder canonicalization(Canonicalization c) {
      this.canonicalization = Objects.requireNonNull(c);
      return this;
    }

    /** Adds {@code x=}: verifiers treat the signature as invalid that long after {@code t=}. */
    public Builder expiry(Duration expiry) {
      if (expiry != null && expiry.getSeconds() < 1) {
        throw new IllegalArgumentException("expiry must be at least a second");
      }
      this.expiry = expiry;
      return this;
    }

    /** Adds {@code i=@domain} (the AUID; RFC 6376 §3.5 makes it optional). */
    public Builder identity(boolean auid) {
      this.auid = auid;
      return this;
    }

    /** The clock {@code t=} is read from (tests fix it). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock);
      return this;
    }

    /** The largest header block accepted (default 1 MiB). */
    public Builder maxHeaderBytes(int max) {
      this.maxHeaderBytes = max;
      return this;
    }

    /**
     * Signs with {@code provider} the algorithms it offers, with the JDK's the others (null: the
     * JDK's for all, the default). Signatures are the same bytes whichever provider makes them
     * (RSA PKCS#1 v1.5 and Ed25519 are deterministic); only the speed differs.
     */
    public Builder provider(Provider provider) {
      this.engines = SignatureEngines.of(provider);
      return this;
    }

    /**
     * Signs each algorithm with the fastest provider found on the class path
     * ({@link SignatureProviders#fastest}), the JDK's where none is: add Amazon Corretto Crypto
     * Provider to the class path for ~4× (RSA-2048) and ~75× (Ed25519) the JDK 17's rate.
     */
    public Builder fastestProvider() {
      this.engines = new SignatureEngines(SignatureProviders.fastest(DkimAlgorithm.RSA_SHA256),
          SignatureProviders.fastest(DkimAlgorithm.ED25519_SHA256));
      return this;
    }

    public DkimSigner build() {
      return new DkimSigner(this);
    }
  }
}
