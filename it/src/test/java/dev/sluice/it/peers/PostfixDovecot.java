package dev.sluice.it.peers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A private Postfix with Dovecot as its SASL server. Both run in the foreground from the instance
 * directory ({@code conf/} main.cf + master.cf, {@code queue/}, {@code data/}, {@code dovecot/},
 * {@code mail/Maildir/}); nothing under {@code /etc/postfix} is used except Postfix's own metadata,
 * and nothing listens on port 25.
 *
 * <ul>
 *   <li>{@link #submissionPort()}: STARTTLS required ({@code smtpd_tls_security_level=encrypt}),
 *       AUTH PLAIN/LOGIN only after it ({@code smtpd_tls_auth_only=yes}).
 *   <li>{@link #smtpsPort()}: implicit TLS ({@code smtpd_tls_wrappermode=yes}).
 *   <li>SASL through Dovecot: {@value Peers#USER} / {@value Peers#PASSWORD}; a wrong password gets
 *       535 5.7.8. Mail is accepted only from authenticated clients (otherwise 554 5.7.1 at RCPT).
 *   <li>Recipients whose local part starts with {@code reject} get 550 5.1.1.
 *   <li>Every accepted message goes to one maildir, {@link #maildir()} (virtual transport, uid
 *       65534), with Postfix's Return-Path/Delivered-To/Received headers on top; or, with
 *       {@link #discardDeliveries()}, is thrown away ({@code default_transport=discard}).
 * </ul>
 */
public final class PostfixDovecot extends AbstractPeer {

  public static final String NAME = "postfix+dovecot";
  /**
   * A second SASL user whose password is so long that AUTH PLAIN's initial response would make the
   * AUTH line longer than 512 octets (RFC 4954 4): the client must send it after the 334.
   */
  public static final String LONG_PASSWORD_USER = "long-password@example.test";
  public static final String LONG_PASSWORD = "p4ss-".repeat(120);

  private static final int NOBODY = 65534;

  private boolean discard;
  private final Map<String, String> extraMainCf = new LinkedHashMap<>();
  private int submissionPort;
  private int smtpsPort;
  private Path dir;

  public PostfixDovecot() {
    super(NAME);
  }

  /** Deliver with {@code default_transport=discard} (for throughput tests): nothing is stored. */
  public PostfixDovecot discardDeliveries() {
    discard = true;
    return this;
  }

  /** Adds or overrides a main.cf parameter, e.g. {@code ("message_size_limit", "1000000")}. */
  public PostfixDovecot mainCf(String parameter, String value) {
    extraMainCf.put(parameter, value);
    return this;
  }

  @Override
  public PostfixDovecot start() {
    startPeer();
    return this;
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

  /** The maildir every message is delivered to (files appear in its {@code new/}). */
  public Path maildir() {
    requireStarted();
    return dir.resolve("mail/Maildir");
  }

  /** Postfix's log ({@code maillog_file}); the same as {@link #logFile()}. */
  public Path maillog() {
    requireStarted();
    return dir.resolve("maillog");
  }

  /** Dovecot's log (authentication successes and failures). */
  public Path dovecotLog() {
    requireStarted();
    return dir.resolve("dovecot/dovecot.log");
  }

  /** True when built with {@link #discardDeliveries()}. */
  public boolean discards() {
    return discard;
  }

  @Override
  public List<byte[]> awaitDelivered(int count, Duration timeout) {
    if (discard) {
      throw new IllegalStateException(NAME + " discards deliveries (discardDeliveries())");
    }
    return super.awaitDelivered(count, timeout);
  }

  @Override
  void requireAvailable() {
    Peers.require(NAME);
  }

  @Override
  int portCount() {
    return 2;
  }

  @Override
  void prepare(Path dir, int[] ports) throws IOException {
    this.dir = dir;
    submissionPort = ports[0];
    smtpsPort = ports[1];
    Path conf = PeerFiles.mkdirs(dir.resolve("conf"), "rwxr-xr-x");
    PeerFiles.mkdirs(dir.resolve("queue"), "rwxr-xr-x");
    PeerFiles.chown(PeerFiles.mkdirs(dir.resolve("data"), "rwx------"), "postfix", "postfix", false);
    Path mail = PeerFiles.mkdirs(dir.resolve("mail"), "rwxr-xr-x");
    for (String sub : List.of("tmp", "new", "cur")) {
      PeerFiles.mkdirs(mail.resolve("Maildir").resolve(sub), "rwxr-xr-x");
    }
    PeerFiles.chown(mail, "nobody", "nogroup", true);
    PeerFiles.write(conf.resolve("main.cf"), mainCf(dir), "rw-r--r--");
    PeerFiles.write(conf.resolve("master.cf"), masterCf(), "rw-r--r--");
    PeerFiles.write(conf.resolve("reject_recipients"),
        "/^reject/ 550 5.1.1 Recipient rejected by the test peer\n", "rw-r--r--");
    // Postfix re-reads a table file until it is over a second old (300 ms naps): backdate them
    FileTime past = FileTime.from(Instant.now().minus(Duration.ofHours(1)));
    try (var files = Files.list(conf)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Files.setLastModifiedTime(f, past);
      }
    }
    Path dovecot = PeerFiles.mkdirs(dir.resolve("dovecot"), "rwxr-xr-x");
    PeerFiles.write(dovecot.resolve("users"), Peers.USER + ":{PLAIN}" + Peers.PASSWORD + "::::::\n"
        + LONG_PASSWORD_USER + ":{PLAIN}" + LONG_PASSWORD + "::::::\n", "rw-r--r--");
    PeerFiles.write(dovecot.resolve("dovecot.conf"), dovecotConf(dir), "rw-r--r--");
  }

  private String mainCf(Path dir) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("compatibility_level", "3.6");
    p.put("queue_directory", dir.resolve("queue").toString());
    p.put("data_directory", dir.resolve("data").toString());
    p.put("command_directory", "/usr/sbin");
    p.put("daemon_directory", "/usr/lib/postfix/sbin");
    p.put("shlib_directory", "/usr/lib/postfix");
    p.put("meta_directory", "/etc/postfix");
    p.put("mail_owner", "postfix");
    p.put("setgid_group", "postdrop");
    p.put("myhostname", Peers.SERVER_NAME);
    p.put("mydestination", "");
    p.put("inet_interfaces", Peers.HOST);
    p.put("inet_protocols", "ipv4");
    p.put("alias_maps", "");
    p.put("alias_database", "");
    p.put("local_recipient_maps", "");
    p.put("biff", "no");
    p.put("smtpd_peername_lookup", "no");
    p.put("smtp_dns_support_level", "disabled");
    p.put("maillog_file_prefixes", "/var, /dev/stdout, " + dir);
    p.put("maillog_file", dir.resolve("maillog").toString());
    if (discard) {
      p.put("default_transport", "discard");
    } else {
      p.put("default_transport", "virtual");
      p.put("virtual_mailbox_domains", "");
      p.put("virtual_mailbox_base", dir.resolve("mail").toString());
      p.put("virtual_mailbox_maps", "static:Maildir/");
      p.put("virtual_uid_maps", "static:" + NOBODY);
      p.put("virtual_gid_maps", "static:" + NOBODY);
    }
    p.put("smtpd_tls_cert_file", dir.resolve(TestCertificates.CERT).toString());
    p.put("smtpd_tls_key_file", dir.resolve(TestCertificates.KEY).toString());
    p.put("smtpd_tls_security_level", "encrypt");
    p.put("smtpd_tls_auth_only", "yes");
    p.put("smtpd_tls_loglevel", "1");
    p.put("smtpd_sasl_auth_enable", "yes");
    p.put("smtpd_sasl_type", "dovecot");
    p.put("smtpd_sasl_path", "private/auth");
    p.put("smtpd_client_restrictions", "permit_sasl_authenticated, reject");
    p.put("smtpd_relay_restrictions", "permit_sasl_authenticated, reject");
    p.put("smtpd_recipient_restrictions",
        "check_recipient_access regexp:" + dir.resolve("conf/reject_recipients"));
    p.putAll(extraMainCf);
    StringBuilder sb = new StringBuilder("# written by dev.sluice.it.peers.PostfixDovecot\n");
    p.forEach((k, v) -> sb.append(k).append(" = ").append(v).append('\n'));
    return sb.toString();
  }

  private String masterCf() {
    String unix = """
        pickup    unix  n       -       n       60      1       pickup
        cleanup   unix  n       -       n       -       0       cleanup
        qmgr      unix  n       -       n       300     1       qmgr
        tlsmgr    unix  -       -       n       1000?   1       tlsmgr
        rewrite   unix  -       -       n       -       -       trivial-rewrite
        bounce    unix  -       -       n       -       0       bounce
        defer     unix  -       -       n       -       0       bounce
        trace     unix  -       -       n       -       0       bounce
        verify    unix  -       -       n       -       1       verify
        flush     unix  n       -       n       1000?   0       flush
        proxymap  unix  -       -       n       -       -       proxymap
        proxywrite unix -       -       n       -       1       proxymap
        smtp      unix  -       -       n       -       -       smtp
        relay     unix  -       -       n       -       -       smtp
        showq     unix  n       -       n       -       -       showq
        error     unix  -       -       n       -       -       error
        retry     unix  -       -       n       -       -       error
        discard   unix  -       -       n       -       -       discard
        local     unix  -       n       n       -       -       local
        virtual   unix  -       n       n       -       -       virtual
        lmtp      unix  -       -       n       -       -       lmtp
        anvil     unix  -       -       n       -       1       anvil
        scache    unix  -       -       n       -       1       scache
        postlog   unix-dgram n  -       n       -       1       postlogd
        """;
    return "# written by dev.sluice.it.peers.PostfixDovecot: no port 25, nothing chrooted\n"
        + Peers.HOST + ":" + submissionPort + " inet n - n - - smtpd\n"
        + Peers.HOST + ":" + smtpsPort + " inet n - n - - smtpd -o smtpd_tls_wrappermode=yes\n"
        + unix;
  }

  private String dovecotConf(Path dir) {
    Path dovecot = dir.resolve("dovecot");
    return "# written by dev.sluice.it.peers.PostfixDovecot: authentication only\n"
        + "protocols =\n"
        + "base_dir = " + dovecot.resolve("run") + "\n"
        + "state_dir = " + dovecot.resolve("state") + "\n"
        + "instance_name = sluice-" + dir.getFileName() + "\n"
        + "log_path = " + dovecot.resolve("dovecot.log") + "\n"
        + "ssl = no\n"
        + "auth_mechanisms = plain login\n"
        + "disable_plaintext_auth = no\n" // Postfix allows AUTH only after TLS
        + "auth_failure_delay = 0\n"
        + "auth_verbose = yes\n"
        + "passdb {\n"
        + "  driver = passwd-file\n"
        + "  args = scheme=PLAIN username_format=%u " + dovecot.resolve("users") + "\n"
        + "}\n"
        + "userdb {\n"
        + "  driver = static\n"
        + "  args = uid=" + NOBODY + " gid=" + NOBODY + " home=/nonexistent\n"
        + "}\n"
        + "service anvil {\n"
        + "  unix_listener anvil-auth-penalty {\n"
        + "    mode = 0\n"
        + "  }\n"
        + "}\n"
        + "service auth {\n"
        + "  unix_listener " + dir.resolve("queue/private/auth") + " {\n"
        + "    mode = 0660\n"
        + "    user = postfix\n"
        + "    group = postfix\n"
        + "  }\n"
        + "}\n";
  }

  @Override
  void launch(Path dir) throws IOException, Readiness.NotReady {
    String conf = dir.resolve("conf").toString();
    // creates the queue's subdirectories with their owners; Postfix talks only to a terminal,
    // hence script(1)
    PeerFiles.Result check = PeerFiles.run(dir, 60,
        List.of("script", "-qec", Peers.POSTFIX_BIN + " -c " + conf + " check", "/dev/null"));
    if (check.exitCode() != 0 || !Files.isDirectory(dir.resolve("queue/private"))) {
      throw new IOException("postfix check failed (" + check.exitCode() + "):\n" + check.output());
    }
    // Dovecot first: Postfix's smtpd connects to its auth socket
    PeerProcess dovecot = launch("dovecot",
        List.of(Peers.DOVECOT_BIN.toString(), "-F", "-c",
            dir.resolve("dovecot/dovecot.conf").toString()),
        dir.resolve("dovecot/dovecot.out"), Map.of());
    Path authSocket = dir.resolve("queue/private/auth");
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (!Files.exists(authSocket)) {
      if (!dovecot.isRunning()) {
        throw new Readiness.NotReady("dovecot exited with " + dovecot.exitCode(), true, null);
      }
      if (System.nanoTime() > deadline) {
        throw new Readiness.NotReady("dovecot did not create " + authSocket, true, null);
      }
      sleep(10);
    }
    launch("postfix master",
        List.of(Peers.POSTFIX_MASTER_BIN.toString(), "-c", conf, "-d"),
        dir.resolve("master.out"), Map.of("MAIL_CONFIG", conf));
  }

  private static void sleep(long millis) throws Readiness.NotReady {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Readiness.NotReady("interrupted", true, e);
    }
  }

  @Override
  List<Listener> listeners() {
    return List.of(new Listener(submissionPort, false), new Listener(smtpsPort, true));
  }

  @Override
  List<Path> logFiles() {
    return List.of(dir.resolve("maillog"), dir.resolve("dovecot/dovecot.log"),
        dir.resolve("master.out"), dir.resolve("dovecot/dovecot.out"));
  }

  @Override
  List<Path> deliveryFolders() {
    Path maildir = dir.resolve("mail/Maildir");
    return List.of(maildir.resolve("new"), maildir.resolve("cur"));
  }
}
