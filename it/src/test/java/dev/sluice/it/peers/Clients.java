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
 * Third-party SMTP clients, so that servers are proven with software that has nothing to do with
 * Sluice: swaks, and Python's smtplib through {@code peers/smtplib_send.py}. They run against a
 * {@link Server}: a peer's port, or a Sluice sink.
 */
public final class Clients {

  private static final ObjectMapper JSON = new ObjectMapper();

  private Clients() {}

  /** How the client protects the connection. */
  public enum Security { PLAIN, STARTTLS, TLS }

  /**
   * Where a client connects: {@value Peers#HOST}:{@code port}, verifying the certificate against
   * {@code caFile} under the name {@value Peers#SERVER_NAME}; {@code workDir} holds temporary files.
   */
  public record Server(int port, Security security, Path caFile, Path workDir) {}

  /** What swaks did: its exit code (0 = sent; 28 = AUTH failed, ...) and its transcript. */
  public record SwaksResult(int exitCode, String transcript) {}

  /** What smtplib did: accepted (for at least one recipient) and refused recipients, or an error. */
  public record SmtplibResult(boolean ok, JsonNode refused, int code, String error, String raw) {}

  /**
   * Runs swaks against a peer, verifying the certificate against the peer's CA. {@code mechanism}
   * null means no AUTH. swaks makes up the message around {@code body}.
   */
  static SwaksResult swaks(SmtpPeer peer, int port, Security security, String mechanism,
      String user, String password, String to, String body) {
    return swaks(new Server(port, security, peer.caFile(), peer.directory()), mechanism, user, password,
        "sender@example.test", to, List.of("--body", body));
  }

  /**
   * Runs swaks with the whole message taken from {@code dataFile} ({@code --data @FILE}: swaks
   * dot-stuffs it and replaces its %TOKENS%, so the file should hold none). {@code mechanism} null
   * means no AUTH.
   */
  public static SwaksResult swaks(Server server, String mechanism, String user, String password, String from,
      String to, Path dataFile) {
    return swaks(server, mechanism, user, password, from, to, List.of("--data", "@" + dataFile));
  }

  private static SwaksResult swaks(Server server, String mechanism, String user, String password, String from,
      String to, List<String> content) {
    Peers.require(Peers.SWAKS);
    List<String> cmd = new ArrayList<>(List.of(Peers.SWAKS_BIN.toString(),
        "--server", Peers.HOST + ":" + server.port(), "--helo", "client.example.test",
        "--from", from, "--to", to, "--timeout", "20"));
    cmd.addAll(content);
    if (server.security() != Security.PLAIN) {
      cmd.add(server.security() == Security.TLS ? "--tls-on-connect" : "--tls");
      cmd.addAll(List.of("--tls-verify", "--tls-ca-path", server.caFile().toString(),
          "--tls-sni", Peers.SERVER_NAME));
    }
    if (mechanism != null) {
      cmd.addAll(List.of("--auth", mechanism, "--auth-user", user, "--auth-password", password));
    }
    try {
      PeerFiles.Result r = PeerFiles.run(server.workDir(), 60, cmd);
      return new SwaksResult(r.exitCode(), r.output());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sends {@code data} with smtplib to a peer; {@code user} null means no AUTH. */
  static SmtplibResult smtplib(SmtpPeer peer, int port, Security security, String mechanism,
      String user, String password, List<String> rcpts, byte[] data) {
    return smtplib(new Server(port, security, peer.caFile(), peer.directory()), mechanism, user, password,
        "sender@example.test", rcpts, data);
  }

  /**
   * Sends {@code data} with smtplib's {@code sendmail}. {@code mechanism} is PLAIN, LOGIN or
   * XOAUTH2 (then {@code secret} is the bearer token); {@code user} null means no AUTH.
   */
  public static SmtplibResult smtplib(Server server, String mechanism, String user, String secret, String from,
      List<String> rcpts, byte[] data) {
    Peers.require(Peers.PYTHON3);
    try {
      Path dir = server.workDir();
      Path script = dir.resolve("smtplib_send.py");
      if (!Files.exists(script)) {
        PeerFiles.copyResource("/peers/smtplib_send.py", script);
      }
      Path dataFile = Files.createTempFile(dir, "data-", ".eml");
      Files.write(dataFile, data);
      List<String> cmd = new ArrayList<>(List.of(Peers.PYTHON_BIN.toString(), "-I",
          script.toString(), "--port", String.valueOf(server.port()),
          "--security", server.security().name().toLowerCase(),
          "--sender", from, "--data-file", dataFile.toString()));
      if (server.security() != Security.PLAIN) {
        cmd.addAll(List.of("--ca", server.caFile().toString()));
      }
      if (user != null) {
        cmd.addAll(List.of("--user", user, "--password", secret, "--mechanism", mechanism));
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
