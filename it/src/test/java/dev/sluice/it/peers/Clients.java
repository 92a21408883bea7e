package dev.sluice.it.peers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Third-party SMTP clients for the smoke tests, so that the harness is proven without Sluice's own
 * client: swaks, and Python's smtplib through {@code peers/smtplib_send.py}.
 */
final class Clients {

  private static final ObjectMapper JSON = new ObjectMapper();

  private Clients() {}

  enum Security { PLAIN, STARTTLS, TLS }

  /** What swaks did: its exit code (0 = sent; 28 = AUTH failed, ...) and its transcript. */
  record SwaksResult(int exitCode, String transcript) {}

  /**
   * Runs swaks against 127.0.0.1:{@code port}, verifying the certificate against the peer's CA.
   * {@code mechanism} null means no AUTH.
   */
  static SwaksResult swaks(SmtpPeer peer, int port, Security security, String mechanism,
      String user, String password, String to, String body) {
    Peers.require(Peers.SWAKS);
    List<String> cmd = new ArrayList<>(List.of(Peers.SWAKS_BIN.toString(),
        "--server", Peers.HOST + ":" + port, "--helo", "client.example.test",
        "--from", "sender@example.test", "--to", to, "--body", body,
        "--timeout", "20"));
    if (security != Security.PLAIN) {
      cmd.add(security == Security.TLS ? "--tls-on-connect" : "--tls");
      cmd.addAll(List.of("--tls-verify", "--tls-ca-path", peer.caFile().toString(),
          "--tls-sni", Peers.SERVER_NAME));
    }
    if (mechanism != null) {
      cmd.addAll(List.of("--auth", mechanism, "--auth-user", user, "--auth-password", password));
    }
    try {
      PeerFiles.Result r = PeerFiles.run(peer.directory(), 60, cmd);
      return new SwaksResult(r.exitCode(), r.output());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What smtplib did: accepted (for at least one recipient) and refused recipients, or an error. */
  record SmtplibResult(boolean ok, JsonNode refused, int code, String error, String raw) {}

  /** Sends {@code data} with smtplib; {@code user} null means no AUTH. */
  static SmtplibResult smtplib(SmtpPeer peer, int port, Security security, String mechanism,
      String user, String password, List<String> rcpts, byte[] data) {
    Peers.require(Peers.PYTHON3);
    try {
      Path dir = peer.directory();
      Path script = dir.resolve("smtplib_send.py");
      if (!Files.exists(script)) {
        PeerFiles.copyResource("/peers/smtplib_send.py", script);
      }
      Path dataFile = Files.createTempFile(dir, "data-", ".eml");
      Files.write(dataFile, data);
      List<String> cmd = new ArrayList<>(List.of(Peers.PYTHON_BIN.toString(), "-I",
          script.toString(), "--port", String.valueOf(port),
          "--security", security.name().toLowerCase(),
          "--sender", "sender@example.test", "--data-file", dataFile.toString()));
      if (security != Security.PLAIN) {
        cmd.addAll(List.of("--ca", peer.caFile().toString()));
      }
      if (user != null) {
        cmd.addAll(List.of("--user", user, "--password", password, "--mechanism", mechanism));
      }
      for (String rcpt : rcpts) {
        cmd.addAll(List.of("--rcpt", rcpt));
      }
      PeerFiles.Result r = PeerFiles.run(dir, 60, cmd);
      Files.delete(dataFile);
      String last = r.output().strip();
      last = last.substring(last.lastIndexOf('\n') + 1);
      JsonNode json;
      try {
        json = JSON.readTree(last);
      } catch (IOException e) {
        throw new AssertionError("smtplib_send.py printed no JSON (exit " + r.exitCode() + "):\n"
            + r.output(), e);
      }
      return new SmtplibResult(json.path("ok").asBoolean(), json.path("refused"),
          json.path("code").asInt(), json.path("error").asText(null), r.output());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
