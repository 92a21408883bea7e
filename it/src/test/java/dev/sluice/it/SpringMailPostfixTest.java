package dev.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.it.peers.Peers;
import dev.sluice.it.peers.PostfixDovecot;
import dev.sluice.it.peers.RequiresPeer;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;

/**
 * Spring's {@code JavaMailSenderImpl} with {@code protocol=sluice} (what {@code
 * spring.mail.protocol=sluice} configures in Spring Boot), no other code change: HTML, a text
 * alternative, an inline image and two attachments built with {@code MimeMessageHelper}, sent over
 * STARTTLS + AUTH to Postfix, read back from the maildir and compared part by part.
 */
@RequiresPeer(PostfixDovecot.NAME)
class SpringMailPostfixTest {

  private static PostfixDovecot postfix;

  @BeforeAll
  static void start() {
    postfix = new PostfixDovecot().start();
  }

  @AfterAll
  static void stop() {
    if (postfix != null) {
      postfix.close();
    }
  }

  /** A leaf part: type, file name, Content-ID and decoded bytes. */
  private record Leaf(String type, String fileName, String contentId, byte[] content) {}

  @Test
  void javaMailSenderWithProtocolSluiceDeliversHtmlAttachmentsAndInlineImages() throws Exception {
    JavaMailSenderImpl sender = new JavaMailSenderImpl();
    sender.setProtocol("sluice");
    sender.setHost("localhost");
    sender.setPort(postfix.submissionPort());
    sender.setUsername(Peers.USER);
    sender.setPassword(Peers.PASSWORD);
    Properties props = new Properties();
    props.put("mail.sluice.ca-file", postfix.caFile().toString());
    props.put("mail.sluice.localhost", "spring.example.test");
    sender.setJavaMailProperties(props);

    byte[] png = new byte[4096];
    new Random(7).nextBytes(png);
    byte[] pdf = new byte[50_000];
    new Random(8).nextBytes(pdf);
    byte[] csv = "name;amount\nÄrger GmbH;12,50\n".getBytes(StandardCharsets.UTF_8);

    MimeMessage sent = sender.createMimeMessage();
    MimeMessageHelper helper = new MimeMessageHelper(sent, true, "UTF-8");
    helper.setFrom(Peers.USER);
    helper.setTo("rcpt@example.test");
    helper.setSubject("Monatsbericht – März");
    helper.setText("Der Bericht für März.", "<html><body><p>Der Bericht für <b>März</b>.</p>"
        + "<img src=\"cid:logo\"></body></html>");
    helper.addInline("logo", new ByteArrayResource(png), "image/png");
    helper.addAttachment("bericht.pdf", new ByteArrayResource(pdf), "application/pdf");
    helper.addAttachment("zahlen.csv", new ByteArrayResource(csv), "text/csv; charset=UTF-8");
    sender.send(sent);

    byte[] delivered = postfix.awaitDelivered(1, Duration.ofSeconds(30)).get(0);
    MimeMessage got = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(delivered));
    assertThat(new String(delivered, StandardCharsets.ISO_8859_1)).contains("with ESMTPSA");
    assertThat(got.getSubject()).isEqualTo("Monatsbericht – März");
    assertThat(got.getMessageID()).isEqualTo(sent.getMessageID());

    List<Leaf> expected = leaves(sent);
    List<Leaf> actual = leaves(got);
    assertThat(actual).hasSameSizeAs(expected).hasSize(5);
    for (int i = 0; i < expected.size(); i++) {
      Leaf e = expected.get(i);
      Leaf a = actual.get(i);
      assertThat(a.type()).isEqualToIgnoringWhitespace(e.type());
      assertThat(a.fileName()).isEqualTo(e.fileName());
      assertThat(a.contentId()).isEqualTo(e.contentId());
      if (a.type().startsWith("text/")) {
        // text travels with CRLF line ends in SMTP; compare the text, not the line-end bytes
        assertThat(new String(a.content(), StandardCharsets.UTF_8).replace("\r\n", "\n"))
            .isEqualTo(new String(e.content(), StandardCharsets.UTF_8).replace("\r\n", "\n"));
      } else {
        assertThat(a.content()).isEqualTo(e.content());
      }
    }
    assertThat(actual).extracting(Leaf::fileName).contains("bericht.pdf", "zahlen.csv");
    assertThat(actual).extracting(Leaf::contentId).contains("<logo>");
  }

  private static List<Leaf> leaves(Part part) throws Exception {
    List<Leaf> out = new ArrayList<>();
    collect(part, out);
    return out;
  }

  private static void collect(Part part, List<Leaf> out) throws Exception {
    Object content = part.getContent();
    if (content instanceof Multipart mp) {
      for (int i = 0; i < mp.getCount(); i++) {
        BodyPart child = mp.getBodyPart(i);
        collect(child, out);
      }
      return;
    }
    String[] cid = part.getHeader("Content-ID");
    try (var in = part.getInputStream()) {
      out.add(new Leaf(part.getContentType(), part.getFileName(), cid == null ? null : cid[0], in.readAllBytes()));
    }
  }
}
