package dev.sluice.bench.throughput;

import jakarta.activation.DataHandler;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.ByteArrayOutputStream;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The same application code on two Jakarta Mail transports: 10 threads each send one prepared
 * {@link MimeMessage} (about 10 KiB: HTML and text alternatives and a small PDF attachment) over
 * and over with {@code transport.sendMessage}, through Angus Mail's SMTP transport ({@code
 * client=angus}, one connected transport per thread, Angus's fastest use) or through the Sluice
 * provider ({@code client=sluice}, one transport per thread, all sharing one pooled, pipelined
 * client of 10 connections). Plaintext, to an in-process count-only sink (or the external one of
 * {@link SinkTarget}). Score: messages per second, all threads together.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Threads(10)
public class JakartaProviderBenchmark {

  @Param({"angus", "sluice"})
  public String client;

  private SinkTarget sink;
  private Session session;
  private MimeMessage message;
  private Address[] rcpts;

  /** One connected transport per benchmark thread. */
  @State(Scope.Thread)
  public static class PerThread {
    Transport transport;

    @Setup(Level.Trial)
    public void connect(JakartaProviderBenchmark b) throws Exception {
      transport = b.session.getTransport(b.client.equals("angus") ? "smtp" : "sluice");
      transport.connect();
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
      transport.close();
    }
  }

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    sink = SinkTarget.start(10);
    Properties p = new Properties();
    p.put("mail.smtp.host", sink.host());
    p.put("mail.smtp.port", Integer.toString(sink.port()));
    p.put("mail.smtp.localhost", "bench.sluice.test");
    p.put("mail.sluice.tls", "none");
    p.put("mail.sluice.pool.maxConnections", "10");
    session = Session.getInstance(p);
    message = tenKibMessage(session);
    rcpts = new Address[] {new InternetAddress(Mail.TO)};
  }

  /** HTML + text alternative and a 1.5 KiB attachment: about 10 KiB written. */
  static MimeMessage tenKibMessage(Session session) throws Exception {
    MimeMessage m = new MimeMessage(session);
    m.setFrom(new InternetAddress(Mail.FROM));
    m.setRecipient(Message.RecipientType.TO, new InternetAddress(Mail.TO));
    m.setSubject("Your monthly statement");
    StringBuilder html = new StringBuilder("<html><body><h1>Statement</h1><table>");
    StringBuilder text = new StringBuilder("Statement\n");
    for (int i = 0; html.length() < 5200; i++) {
      html.append("<tr><td>Item ").append(i).append("</td><td>").append(i * 7 % 100).append(".50 EUR</td></tr>\n");
      text.append("Item ").append(i).append(": ").append(i * 7 % 100).append(".50 EUR\n");
    }
    html.append("</table></body></html>");
    MimeBodyPart plain = new MimeBodyPart();
    plain.setText(text.toString(), "UTF-8");
    MimeBodyPart rich = new MimeBodyPart();
    rich.setContent(html.toString(), "text/html; charset=UTF-8");
    MimeMultipart alternative = new MimeMultipart("alternative", plain, rich);
    MimeBodyPart body = new MimeBodyPart();
    body.setContent(alternative);
    byte[] pdf = new byte[1536];
    new Random(1).nextBytes(pdf);
    MimeBodyPart attachment = new MimeBodyPart();
    attachment.setDataHandler(new DataHandler(new ByteArrayDataSource(pdf, "application/pdf")));
    attachment.setFileName("statement.pdf");
    m.setContent(new MimeMultipart(body, attachment));
    m.saveChanges();
    return m;
  }

  /** The message's size as written, for the record. */
  static int writtenSize(MimeMessage m) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    m.writeTo(out);
    return out.size();
  }

  @Benchmark
  public void send(PerThread t) throws Exception {
    t.transport.sendMessage(message, rcpts);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    sink.close();
  }
}
