package dev.sluice.it.peers;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A private exim 4 (the binary {@code .ci/install-peers.sh} extracts; {@code SLUICE_EXIM} overrides)
 * with its own configuration, spool, logs and maildir in the instance directory. Runs in the
 * foreground ({@code -bdf}) as root, dropping to {@code Debian-exim}.
 *
 * <ul>
 *   <li>{@link #submissionPort()}: STARTTLS offered; {@link #smtpsPort()}: implicit TLS
 *       ({@code tls_on_connect_ports}).
 *   <li>AUTH PLAIN and LOGIN, advertised only under TLS: {@value Peers#USER} /
 *       {@value Peers#PASSWORD}; a wrong password gets 535. MAIL without AUTH gets 530 5.7.0
 *       (unless {@link #allowUnauthenticated()}).
 *   <li>Advertises PIPELINING, CHUNKING (BDAT), PIPECONNECT, 8BITMIME, SMTPUTF8, SIZE.
 *   <li>Accepts any recipient except local parts starting with {@code reject} (550 5.1.1), and
 *       delivers at once to one maildir, {@link #maildir()}, adding Return-path, Envelope-to and
 *       Delivery-date headers.
 * </ul>
 */
public final class Exim extends AbstractPeer {

  public static final String NAME = "exim";

  private static final String USER = "Debian-exim";

  private final List<String> extraMain = new ArrayList<>();
  private boolean requireAuth = true;
  private int submissionPort;
  private int smtpsPort;
  private Path dir;

  public Exim() {
    super(NAME);
  }

  /**
   * Adds a line to the main section of the configuration (after ours, so it wins), e.g.
   * {@code "prdr_enable = true"} or {@code "chunking_advertise_hosts ="}.
   */
  public Exim mainOption(String line) {
    extraMain.add(line);
    return this;
  }

  /**
   * Accepts mail without AUTH too (in plaintext on the submission port as well), e.g. to exercise
   * BDAT without authenticating. AUTH is still offered under TLS.
   */
  public Exim allowUnauthenticated() {
    requireAuth = false;
    return this;
  }

  @Override
  public Exim start() {
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

  /** exim's reject log (refused recipients, failed AUTH). */
  public Path rejectLog() {
    requireStarted();
    return dir.resolve("log/rejectlog");
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
    for (String sub : List.of("spool", "log", "mail")) {
      PeerFiles.mkdirs(dir.resolve(sub), "rwxr-x---");
    }
    for (String sub : List.of("tmp", "new", "cur")) {
      PeerFiles.mkdirs(dir.resolve("mail/Maildir").resolve(sub), "rwxr-xr-x");
    }
    PeerFiles.chmod(dir.resolve("mail"), "rwxr-xr-x");
    for (String sub : List.of("spool", "log", "mail")) {
      PeerFiles.chown(dir.resolve(sub), USER, USER, true);
    }
    // exim reads the key after it has dropped to Debian-exim
    PeerFiles.chown(dir.resolve(TestCertificates.KEY), USER, USER, false);
    PeerFiles.write(dir.resolve("exim.conf"), config(dir), "rw-r--r--");
  }

  private String config(Path dir) throws IOException {
    String exim = Peers.eximBinary().toRealPath().toString();
    StringBuilder main = new StringBuilder();
    main.append("# written by dev.sluice.it.peers.Exim\n")
        .append("exim_path = ").append(exim).append('\n')
        .append("exim_user = ").append(USER).append('\n')
        .append("exim_group = ").append(USER).append('\n')
        .append("primary_hostname = ").append(Peers.SERVER_NAME).append('\n')
        .append("qualify_domain = example.test\n")
        .append("spool_directory = ").append(dir.resolve("spool")).append('\n')
        .append("log_file_path = ").append(dir.resolve("log")).append("/%slog\n")
        .append("pid_file_path = ").append(dir.resolve("exim.pid")).append('\n')
        .append("local_interfaces = <; ").append(Peers.HOST).append('.').append(submissionPort)
        .append(" ; ").append(Peers.HOST).append('.').append(smtpsPort).append('\n')
        .append("tls_on_connect_ports = ").append(smtpsPort).append('\n')
        .append("tls_advertise_hosts = *\n")
        .append("tls_certificate = ").append(dir.resolve(TestCertificates.CERT)).append('\n')
        .append("tls_privatekey = ").append(dir.resolve(TestCertificates.KEY)).append('\n')
        // no client certificates: do not load the system CA bundle on every TLS connection
        .append("tls_verify_certificates =\n")
        .append("pipelining_advertise_hosts = *\n")
        .append("chunking_advertise_hosts = *\n")
        .append("host_lookup =\n")
        .append("rfc1413_hosts =\n")
        .append("keep_environment =\n")
        .append("never_users = root\n")
        // deliver every message at once, however many arrive on one connection
        .append("smtp_accept_queue_per_connection = 0\n")
        .append("smtp_accept_max = 200\n")
        .append("acl_smtp_mail = acl_check_mail\n")
        .append("acl_smtp_rcpt = acl_check_rcpt\n")
        .append("log_selector = +smtp_connection +smtp_protocol_error +smtp_syntax_error"
            + " +smtp_incomplete_transaction +received_recipients +tls_peerdn\n");
    for (String line : extraMain) {
      main.append(line).append('\n');
    }
    return main + """

        begin acl

        acl_check_mail:
        %s
          accept

        acl_check_rcpt:
          deny    local_parts = ^reject
                  message = 5.1.1 <$local_part@$domain>: recipient rejected by the test peer
          accept

        begin routers

        everything:
          driver = accept
          transport = maildir

        begin transports

        maildir:
          driver = appendfile
          directory = %s
          maildir_format
          delivery_date_add
          envelope_to_add
          return_path_add
          user = %s
          group = %s
          mode = 0644

        begin retry

        *  *  F,1h,1m

        begin authenticators

        plain:
          driver = plaintext
          public_name = PLAIN
          server_prompts = :
          server_condition = ${if and {{eq{$auth2}{%s}}{eq{$auth3}{%s}}}}
          server_set_id = $auth2
          server_advertise_condition = ${if def:tls_in_cipher}

        login:
          driver = plaintext
          public_name = LOGIN
          server_prompts = Username:: : Password::
          server_condition = ${if and {{eq{$auth1}{%s}}{eq{$auth2}{%s}}}}
          server_set_id = $auth1
          server_advertise_condition = ${if def:tls_in_cipher}
        """.formatted(requireAuth
            ? "  deny    !authenticated = *\n          message = 530 5.7.0 Authentication required"
            : "  # allowUnauthenticated()",
        dir.resolve("mail/Maildir"), USER, USER,
        Peers.USER, Peers.PASSWORD, Peers.USER, Peers.PASSWORD);
  }

  @Override
  void launch(Path dir) throws IOException {
    launch("exim", List.of(Peers.eximBinary().toString(), "-C",
        dir.resolve("exim.conf").toString(), "-bdf"), dir.resolve("exim.out"), Map.of());
  }

  @Override
  List<Listener> listeners() {
    return List.of(new Listener(submissionPort, false), new Listener(smtpsPort, true));
  }

  @Override
  List<Path> logFiles() {
    return List.of(dir.resolve("log/mainlog"), dir.resolve("log/rejectlog"),
        dir.resolve("log/paniclog"), dir.resolve("exim.out"));
  }

  @Override
  List<Path> deliveryFolders() {
    Path maildir = dir.resolve("mail/Maildir");
    return List.of(maildir.resolve("new"), maildir.resolve("cur"));
  }
}
