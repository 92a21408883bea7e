package dev.sluice.dkim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.client.MessageContent;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What the signer writes, and what it refuses. Independent verifiers check the signatures in {@code it}. */
class DkimSignerTest {

  private static final DkimKeyPair ED = DkimKeyPair.generate(DkimAlgorithm.ED25519_SHA256, 0);
  private static final DkimKeyPair RSA = DkimKeyPair.generate(DkimAlgorithm.RSA_SHA256, 2048);
  private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1764720000), ZoneOffset.UTC);
  private static final String MESSAGE = "From: Joe <joe@example.com>\r\nTo: mary@example.net\r\nSubject: hi\r\n"
      + "Date: Wed, 03 Dec 2025 09:00:00 +0000\r\nMessage-ID: <1@example.com>\r\n\r\nHello\r\n";

  @TempDir
  Path dir;

  private static DkimSigner signer(Canonicalization c, DkimKeyPair... pairs) {
    List<DkimKey> keys = java.util.Arrays.stream(pairs)
        .map(p -> DkimKey.of("example.com", p.algorithm() == DkimAlgorithm.RSA_SHA256 ? "r1" : "e1", p.privateKey()))
        .toList();
    return DkimSigner.builder(KeyTable.of(keys)).canonicalization(c).clock(CLOCK).build();
  }

  private static String fields(DkimSigner s, String message) {
    return new String(s.signatureFields(Unpooled.copiedBuffer(message, StandardCharsets.UTF_8), false),
        StandardCharsets.UTF_8);
  }

  @Test
  void putsTheFieldInFrontOfTheSameBufferWithoutCopyingIt() {
    ByteBuf original = Unpooled.directBuffer().writeBytes(MESSAGE.getBytes(StandardCharsets.US_ASCII));
    MessageContent content = MessageContent.of(original);
    MessageContent signed = signer(Canonicalization.RELAXED_RELAXED, ED).sign(content);
    assertThat(original.refCnt()).isEqualTo(2);
    ByteBuf data = ((MessageContent.InMemory) signed).retainedData();
    try {
      assertThat(data.unwrap()).isInstanceOf(CompositeByteBuf.class);
      CompositeByteBuf composite = (CompositeByteBuf) data.unwrap();
      assertThat(composite.numComponents()).isEqualTo(2);
      // the message's own memory, not a copy
      assertThat(composite.internalComponent(1).memoryAddress()).isEqualTo(original.memoryAddress());
      String text = data.toString(StandardCharsets.US_ASCII);
      assertThat(text).startsWith("DKIM-Signature: v=1; a=ed25519-sha256; c=relaxed/relaxed;\r\n\td=example.com; s=e1;"
          + " t=1764720000;\r\n").endsWith("\r\n" + MESSAGE);
    } finally {
      data.release();
      signed.release();
      content.release();
    }
    assertThat(original.refCnt()).isZero();
  }

  @Test
  void oversignsFromToSubjectDateAndMessageIdAndNeverWritesL() {
    String f = fields(signer(Canonicalization.RELAXED_RELAXED, ED), MESSAGE.replace("To: mary@example.net\r\n", ""));
    assertThat(KnownAnswers.tag(f, "h")).isEqualTo("from:from:subject:subject:date:date:to:message-id:message-id");
    assertThat(KnownAnswers.tag(f, "l")).isNull();
    assertThat(KnownAnswers.tag(f, "x")).isNull();
    assertThat(KnownAnswers.tag(f, "i")).isNull();
  }

  @Test
  void writesExpiryAndIdentityWhenAsked() {
    DkimSigner s = DkimSigner.builder(KeyTable.of(List.of(DkimKey.of("example.com", "e1", ED.privateKey()))))
        .clock(CLOCK).expiry(Duration.ofDays(7)).identity(true).build();
    String f = fields(s, MESSAGE);
    assertThat(KnownAnswers.tag(f, "t")).isEqualTo("1764720000");
    assertThat(KnownAnswers.tag(f, "x")).isEqualTo(Long.toString(1764720000L + 7 * 86400));
    assertThat(KnownAnswers.tag(f, "i")).isEqualTo("@example.com");
  }

  @Test
  void signsWithEveryKeyOfTheDomain() {
    String f = fields(signer(Canonicalization.RELAXED_RELAXED, RSA, ED), MESSAGE);
    assertThat(f.split("DKIM-Signature: ", -1)).hasSize(3);
    assertThat(f).contains("a=rsa-sha256;").contains("a=ed25519-sha256;");
  }

  /**
   * The field as written (folded) is what a verifier rebuilds when it takes the b= value out: the
   * Ed25519 signature is deterministic, so recomputing it from our own output must give our b=.
   */
  @ParameterizedTest
  @EnumSource(Canonicalization.class)
  void theWrittenFieldIsTheOneThatWasSigned(Canonicalization c) {
    DkimKey key = DkimKey.of("example.com", "e1", ED.privateKey());
    String f = fields(signer(c, ED), MESSAGE);
    assertThat(f).contains("c=" + c.tag() + ";");
    for (String line : f.split("\r\n")) {
      assertThat(line.length()).isLessThanOrEqualTo(78);
    }
    byte[] message = MESSAGE.getBytes(StandardCharsets.US_ASCII);
    assertThat(KnownAnswers.signature(message, f, key)).isEqualTo(KnownAnswers.tag(f, "b"));
    assertThat(KnownAnswers.bodyHash(message, c)).isEqualTo(KnownAnswers.tag(f, "bh"));
  }

  @Test
  void signsTheBytesThatGoOnTheWireWhenTheMessageHasBareLineFeeds() {
    DkimSigner s = signer(Canonicalization.SIMPLE_SIMPLE, ED);
    assertThat(fields(s, MESSAGE.replace("\r\n", "\n"))).isEqualTo(fields(s, MESSAGE));
    assertThat(fields(s, MESSAGE.replace("Hello\r\n", "Hello"))).isEqualTo(fields(s, MESSAGE));
  }

  @Test
  void signsFilesAndStreamsLikeMemory() throws Exception {
    DkimSigner s = signer(Canonicalization.RELAXED_RELAXED, ED);
    Path file = dir.resolve("m.eml");
    Files.writeString(file, MESSAGE);
    String expected = fields(s, MESSAGE);
    MessageContent fromFile = s.sign(MessageContent.ofFile(file));
    MessageContent fromStream = s.sign(MessageContent.ofStream(
        () -> new ByteArrayInputStream(MESSAGE.getBytes(StandardCharsets.US_ASCII))));
    for (MessageContent m : List.of(fromFile, fromStream)) {
      try (var in = ((MessageContent.FromStream) m).stream().get()) {
        assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo(expected + MESSAGE);
      }
    }
  }

  @Test
  void signsEightBitHeadersAndOddFoldingAsTheyAre() {
    String odd = "From: =?utf-8?q?J=C3=B6?= <joe@example.com>\r\nSubject: caf\u00e9 \t \r\n \t folded\r\n\tagain  \r\n"
        + "To:\r\n mary@example.net\r\n\r\n \r\n\r\n";
    DkimKey key = DkimKey.of("example.com", "e1", ED.privateKey());
    for (Canonicalization c : Canonicalization.values()) {
      String f = fields(signer(c, ED), odd);
      byte[] message = odd.getBytes(StandardCharsets.UTF_8);
      assertThat(KnownAnswers.signature(message, f, key)).isEqualTo(KnownAnswers.tag(f, "b"));
    }
  }

  @Test
  void refusesMessagesItCannotSignHonestly() {
    DkimSigner s = signer(Canonicalization.RELAXED_RELAXED, ED);
    assertProblem(() -> fields(s, "Subject: x\r\n\r\nbody\r\n"), DkimException.Problem.NO_FROM);
    assertProblem(() -> fields(s, "From: a@example.com\r\nFrom: b@example.com\r\n\r\nbody\r\n"),
        DkimException.Problem.SEVERAL_FROM);
    assertProblem(() -> fields(s, "From: a@example.org\r\n\r\nbody\r\n"), DkimException.Problem.NO_KEY_FOR_DOMAIN);
    assertProblem(() -> fields(s, "From: nobody\r\n\r\nbody\r\n"), DkimException.Problem.BAD_FROM);
    assertProblem(() -> fields(s, " leading: space\r\nFrom: a@example.com\r\n\r\n"),
        DkimException.Problem.MALFORMED_HEADER);
    assertProblem(() -> fields(s, "From: a@example.com\r\nnot a header\r\n\r\n"), DkimException.Problem.MALFORMED_HEADER);
    String longLine = "From: a@example.com\r\nSubject: " + "x".repeat(998 - 9) + "\r\n\r\n";
    assertThat(fields(s, longLine)).startsWith("DKIM-Signature:");
    assertProblem(() -> fields(s, longLine.replace("Subject: ", "Subject: x")), DkimException.Problem.LINE_TOO_LONG);
    DkimSigner small = DkimSigner.builder(s.keys()).maxHeaderBytes(100).build();
    assertProblem(() -> fields(small, "From: a@example.com\r\n" + "X-A: b\r\n".repeat(20)),
        DkimException.Problem.HEADER_TOO_LARGE);
  }

  @Test
  void signsEmptyAndBlankBodiesAndHeaderOnlyMessages() {
    DkimKey key = DkimKey.of("example.com", "e1", ED.privateKey());
    for (String m : new String[] {"From: a@example.com\r\n\r\n", "From: a@example.com\r\n",
        "From: a@example.com\r\n\r\n\r\n\r\n", "From: a@example.com"}) {
      for (Canonicalization c : Canonicalization.values()) {
        String f = fields(signer(c, ED), m);
        // RFC 6376 §3.4.3/§3.4.4: the empty body hashes as CRLF (simple) or nothing (relaxed).
        assertThat(KnownAnswers.tag(f, "bh")).as("%s %s", m, c).isEqualTo(c.relaxedBody()
            ? "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=" : "frcCV1k9oG9oKj3dpUqdJg1PxRT2RSN/XKdLCPjaYaY=");
        assertThat(KnownAnswers.signature(m.getBytes(StandardCharsets.US_ASCII), f, key)).isEqualTo(KnownAnswers.tag(f, "b"));
      }
    }
  }

  private static void assertProblem(Runnable r, DkimException.Problem p) {
    assertThatThrownBy(r::run).isInstanceOf(DkimException.class)
        .extracting(e -> ((DkimException) e).problem()).isEqualTo(p);
  }
}
