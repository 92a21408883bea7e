package dev.sluice.it.sinkmatrix;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.it.peers.Clients;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** swaks with the whole message from a file; PLAIN and LOGIN (it has no XOAUTH2). */
final class SwaksClient implements IndependentClient {

  @Override
  public String name() {
    return "swaks";
  }

  @Override
  public List<String> mechanisms() {
    return List.of("PLAIN", "LOGIN");
  }

  @Override
  public byte[] send(SinkUnderTest sink, TestPki pki, String mechanism, String from, String to) throws Exception {
    byte[] message = SinkMatrix.message("swaks", from, to);
    // swaks ends whatever --data holds with its own CRLF before the final dot: the file leaves out
    // the message's last CRLF, and the server must store the message with it
    Path data = Files.createTempFile(sink.server().workDir(), "swaks-", ".eml");
    Files.write(data, Arrays.copyOf(message, message.length - 2));
    Clients.SwaksResult r = Clients.swaks(sink.server(), mechanism, SinkMatrix.USER, SinkMatrix.PASSWORD, from, to,
        data);
    assertThat(r.exitCode()).as(r.transcript()).isZero();
    // swaks marks what it sent with "->" (cleartext) or "~>" (TLS)
    assertThat(r.transcript()).containsPattern("[-~]> AUTH " + mechanism).containsPattern("<[-~]  235 ");
    Files.delete(data);
    return message;
  }

  @Override
  public String toString() {
    return name();
  }

}
