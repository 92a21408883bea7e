package dev.sluice.it.peers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * aiosmtpd (Debian's {@code /usr/bin/python3}, not a pyenv one) running our script
 * {@code peers/aiosmtpd_peer.py}. One process serves three listeners:
 *
 * <ul>
 *   <li>{@link #plainPort()}: no TLS at all;
 *   <li>{@link #submissionPort()}: STARTTLS required before MAIL (530 otherwise);
 *   <li>{@link #smtpsPort()}: implicit TLS.
 * </ul>
 *
 * <p>Without users it accepts mail from anyone. With {@link #withUser}/{@link #withDefaultUser()} it
 * offers AUTH PLAIN and LOGIN and requires it before MAIL on every listener; on the STARTTLS
 * listener AUTH is offered only after STARTTLS ({@code auth_require_tls}), on the plain listener in
 * plaintext. Wrong credentials get 535. Recipients whose local part starts with {@code reject} get
 * 550. It advertises neither PIPELINING nor CHUNKING; its LOGIN challenges are "User Name\0" and
 * "Password\0".
 *
 * <p>Every message is stored exactly as received in DATA (CRLF kept, dot-stuffing removed, nothing
 * added) together with its envelope: see {@link #awaitMessages}.
 */
public final class Aiosmtpd extends AbstractPeer {

  public static final String NAME = "aiosmtpd";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A stored message: the envelope as the server saw it and the exact DATA bytes. */
  public record Received(String listener, String mailFrom, List<String> mailOptions,
      List<String> rcptTos, List<String> rcptOptions, String authUser, String authMechanism,
      boolean tls, boolean smtpUtf8, String helo, byte[] data) {}

  private final Map<String, String> users = new LinkedHashMap<>();
  private int dataSizeLimit = 32 * 1024 * 1024;
  private int plainPort;
  private int submissionPort;
  private int smtpsPort;
  private Path dir;

  public Aiosmtpd() {
    super(NAME);
  }

  /** Enables AUTH (then required) and adds a user. */
  public Aiosmtpd withUser(String user, String password) {
    users.put(user, password);
    return this;
  }

  /** {@link #withUser} with {@value Peers#USER} / {@value Peers#PASSWORD}. */
  public Aiosmtpd withDefaultUser() {
    return withUser(Peers.USER, Peers.PASSWORD);
  }

  /** The SIZE limit (bytes) advertised and enforced (552 beyond); default 32 MiB. */
  public Aiosmtpd dataSizeLimit(int bytes) {
    dataSizeLimit = bytes;
    return this;
  }

  @Override
  public Aiosmtpd start() {
    startPeer();
    return this;
  }

  /** The listener without TLS. */
  public int plainPort() {
    requireStarted();
    return plainPort;
  }

  @Override
  public int submissionPort() {
    requireStarted();
    return submissionPort;
  }

  @Override
  public int smtpsPort() {
    requireStarted();
    return smtpsPort;
  }

  /** Where messages are stored ({@code NNNNNN.eml} + {@code NNNNNN.json}). */
  public Path messageDirectory() {
    requireStarted();
    return dir.resolve("messages");
  }

  /**
   * Waits until at least {@code count} messages are stored, then returns all of them with their
   * envelopes, in arrival order.
   */
  public List<Received> awaitMessages(int count, Duration timeout) {
    List<Received> messages = new ArrayList<>();
    for (Path eml : awaitDeliveredFiles(count, timeout)) {
      messages.add(read(eml));
    }
    return messages;
  }

  /** Reads one stored message ({@code NNNNNN.eml}, as listed by {@link #deliveredFiles()}) and its envelope. */
  public Received read(Path eml) {
    String base = eml.getFileName().toString().replaceFirst("\\.eml$", "");
    try {
      JsonNode env = JSON.readTree(eml.resolveSibling(base + ".json").toFile());
      return new Received(text(env, "listener"), text(env, "mail_from"),
          strings(env, "mail_options"), strings(env, "rcpt_tos"), strings(env, "rcpt_options"),
          text(env, "auth_user"), text(env, "auth_mechanism"), env.path("tls").asBoolean(),
          env.path("smtp_utf8").asBoolean(), text(env, "helo"), Files.readAllBytes(eml));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read stored message " + eml, e);
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static List<String> strings(JsonNode node, String field) {
    List<String> list = new ArrayList<>();
    node.path(field).forEach(v -> list.add(v.asText()));
    return List.copyOf(list);
  }

  @Override
  boolean isMessageFile(Path file) {
    return file.getFileName().toString().endsWith(".eml");
  }

  @Override
  public void clearDelivered() {
    requireStarted();
    Maildir.clear(List.of(dir.resolve("messages"))); // .eml and .json
  }

  @Override
  void requireAvailable() {
    Peers.require(NAME);
  }

  @Override
  int portCount() {
    return 3;
  }

  @Override
  void prepare(Path dir, int[] ports) throws IOException {
    this.dir = dir;
    plainPort = ports[0];
    submissionPort = ports[1];
    smtpsPort = ports[2];
    PeerFiles.mkdirs(dir.resolve("messages"), "rwxr-xr-x");
    PeerFiles.copyResource("/peers/aiosmtpd_peer.py", dir.resolve("aiosmtpd_peer.py"));
    if (!users.isEmpty()) {
      PeerFiles.write(dir.resolve("users.json"), JSON.writeValueAsString(users), "rw-------");
    }
  }

  @Override
  void launch(Path dir) throws IOException {
    List<String> command = new ArrayList<>(List.of(Peers.PYTHON_BIN.toString(), "-I", "-u",
        dir.resolve("aiosmtpd_peer.py").toString(),
        "--host", Peers.HOST,
        "--plain-port", String.valueOf(plainPort),
        "--starttls-port", String.valueOf(submissionPort),
        "--tls-port", String.valueOf(smtpsPort),
        "--cert", dir.resolve(TestCertificates.CERT).toString(),
        "--key", dir.resolve(TestCertificates.KEY).toString(),
        "--store", dir.resolve("messages").toString(),
        "--data-size-limit", String.valueOf(dataSizeLimit)));
    if (!users.isEmpty()) {
      command.add("--users");
      command.add(dir.resolve("users.json").toString());
    }
    launch("aiosmtpd", command, dir.resolve("aiosmtpd.log"), Map.of());
  }

  @Override
  List<Listener> listeners() {
    return List.of(new Listener(plainPort, false), new Listener(submissionPort, false),
        new Listener(smtpsPort, true));
  }

  @Override
  List<Path> logFiles() {
    return List.of(dir.resolve("aiosmtpd.log"));
  }

  @Override
  List<Path> deliveryFolders() {
    return List.of(dir.resolve("messages"));
  }
}
