package dev.sluice.sink.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.activation.DataHandler;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SmtpSinkExtensionTest {

  @RegisterExtension
  static SmtpSinkExtension sink = SmtpSinkExtension.create();

  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 1, 2, 3};
  private static final byte[] PDF = {'%', 'P', 'D', 'F', '-', '1', '.', '4', '\n', (byte) 0xe2, (byte) 0xe3, 0, '\n', 'x'};

  private static void send(MimeMessage m) throws Exception {
    Transport.send(m);
  }

  private static Session session() {
    Properties p = new Properties();
    p.put("mail.smtp.host", sink.host());
    p.put("mail.smtp.port", Integer.toString(sink.port()));
    return Session.getInstance(p);
  }

  @Test
  @Order(1)
  void parsesHtmlTextAttachmentsAndInlineImagesOnDemand() throws Exception {
    MimeMessage m = new MimeMessage(session());
    m.setFrom(new InternetAddress("shop@example.test"));
    m.setRecipient(Message.RecipientType.TO, new InternetAddress("ann@example.test"));
    m.setSubject("Ihre Bestellung – Größe M", "UTF-8");
    MimeBodyPart text = new MimeBodyPart();
    text.setText("Danke für Ihre Bestellung", "UTF-8");
    MimeBodyPart html = new MimeBodyPart();
    html.setContent("<p>Danke für Ihre <b>Bestellung</b><img src=\"cid:logo\"></p>", "text/html; charset=UTF-8");
    MimeBodyPart logo = new MimeBodyPart();
    logo.setDataHandler(new DataHandler(new ByteArrayDataSource(PNG, "image/png")));
    logo.setContentID("<logo>");
    logo.setDisposition(MimeBodyPart.INLINE);
    MimeMultipart related = new MimeMultipart("related");
    related.addBodyPart(html);
    related.addBodyPart(logo);
    MimeBodyPart relatedPart = new MimeBodyPart();
    relatedPart.setContent(related);
    MimeMultipart alternative = new MimeMultipart("alternative");
    alternative.addBodyPart(text);
    alternative.addBodyPart(relatedPart);
    MimeBodyPart body = new MimeBodyPart();
    body.setContent(alternative);
    MimeBodyPart invoice = new MimeBodyPart();
    invoice.setDataHandler(new DataHandler(new ByteArrayDataSource(PDF, "application/pdf")));
    invoice.setFileName("Rechnung.pdf");
    MimeMultipart mixed = new MimeMultipart("mixed");
    mixed.addBodyPart(body);
    mixed.addBodyPart(invoice);
    m.setContent(mixed);
    send(m);

    ReceivedMessage got = sink.awaitMessages(1, Duration.ofSeconds(10)).get(0);
    assertThat(got.envelopeRecipients()).containsExactly("ann@example.test");
    assertThat(got.subject()).isEqualTo("Ihre Bestellung – Größe M");
    assertThat(got.header("Subject")).containsExactly("Ihre Bestellung – Größe M");
    assertThat(got.text()).isEqualTo("Danke für Ihre Bestellung");
    assertThat(got.html()).contains("<b>Bestellung</b>", "cid:logo");
    assertThat(got.attachments()).singleElement().satisfies(a -> {
      assertThat(a.fileName()).isEqualTo("Rechnung.pdf");
      assertThat(a.content()).isEqualTo(PDF);
    });
    assertThat(got.inline("logo").content()).isEqualTo(PNG);
    assertThat(got.parts()).hasSize(4);
  }

  @Test
  @Order(2)
  void eachTestStartsWithAnEmptySink() throws Exception {
    assertThat(sink.messages()).isEmpty();
    for (int i = 0; i < 2; i++) {
      MimeMessage m = new MimeMessage(session());
      m.setFrom(new InternetAddress("a@example.test"));
      m.setRecipient(Message.RecipientType.TO, new InternetAddress("b" + i + "@example.test"));
      m.setText("n" + i);
      send(m);
    }
    assertThat(sink.awaitMessages(2, Duration.ofSeconds(10))).extracting(m -> m.text().strip())
        .containsExactly("n0", "n1");
  }

  @Test
  @Order(3)
  void awaitingMoreThanArrivesFailsTheTestSayingHowManyCame() {
    assertThatThrownBy(() -> sink.awaitMessages(1, Duration.ofMillis(200))).isInstanceOf(AssertionError.class)
        .hasMessageContaining("0");
  }
}
