package dev.sluice.it.peers;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * What every test peer shares: the test user, where the binaries live, and the rule for a missing
 * peer. A test whose peer cannot run is <em>skipped</em> with one line saying what is missing and
 * how to install it, except when the environment variable {@code CI=true} is set: then it
 * <em>fails</em>, so that a broken CI machine cannot pass by skipping everything.
 *
 * <p>Put {@link RequiresPeer @RequiresPeer} on a test class so that this happens before its
 * {@code @BeforeAll} (each test is then reported as skipped, with the line); every peer's
 * {@code start()} also checks, by {@link #require(String)}.
 */
public final class Peers {

  /** Every peer listens on this address only. */
  public static final String HOST = "127.0.0.1";
  /** The name in the peers' certificate (CN and a DNS SAN; {@code localhost} and the IP too). */
  public static final String SERVER_NAME = "mx.example.test";
  /** The user every peer with AUTH knows (PLAIN and LOGIN). */
  public static final String USER = "user@example.test";
  /** {@link #USER}'s password. */
  public static final String PASSWORD = "secret";

  /** How to get the peers; printed in every skip or failure about a missing one. */
  public static final String INSTALL_HINT = "install the peers with `sudo .ci/install-peers.sh`";

  /** Peer name of the swaks client (not a server, but tests need it like one). */
  public static final String SWAKS = "swaks";
  /** Peer name of Debian's python3 alone (the smtplib client of the smoke tests). */
  public static final String PYTHON3 = "python3";

  /** Where {@code .ci/install-peers.sh} extracts exim; {@code SLUICE_EXIM} overrides it. */
  public static final String DEFAULT_EXIM = "/opt/sluice-peers/exim/usr/sbin/exim4";

  static final Path POSTFIX_BIN = Path.of("/usr/sbin/postfix");
  static final Path POSTFIX_MASTER_BIN = Path.of("/usr/lib/postfix/sbin/master");
  static final Path DOVECOT_BIN = Path.of("/usr/sbin/dovecot");
  /** Debian's interpreter: a pyenv {@code python3} on PATH cannot see Debian's aiosmtpd. */
  static final Path PYTHON_BIN = Path.of("/usr/bin/python3");
  static final Path SWAKS_BIN = Path.of("/usr/bin/swaks");
  static final Path OPENSSL_BIN = Path.of("/usr/bin/openssl");

  private static final String ROOT_FIX = "run the tests as root (e.g. in the CI container)";
  private static final ConcurrentMap<String, String> PROBES = new ConcurrentHashMap<>();

  private Peers() {}

  /** True when {@code CI=true}: missing peers then fail tests instead of skipping them. */
  public static boolean ci() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }

  /**
   * Does nothing when {@code available}; otherwise skips the current test (JUnit assumption) with
   * one line naming the peer, the problem and the fix, or fails it when {@link #ci()}.
   */
  public static void require(String peerName, boolean available, String problem, String fix) {
    if (!available) {
      skipOrFail(line(peerName, problem, fix), ci());
    }
  }

  /** {@link #require(String, boolean, String, String)} with the install hint as the fix. */
  public static void require(String peerName, boolean available, String problem) {
    require(peerName, available, problem, INSTALL_HINT);
  }

  /**
   * Skips (or under CI fails) the current test unless the named peer can run: {@link
   * PostfixDovecot#NAME}, {@link Exim#NAME}, {@link Aiosmtpd#NAME}, {@link #SWAKS} or {@link
   * #PYTHON3}.
   */
  public static void require(String peerName) {
    unavailable(peerName).ifPresent(line -> skipOrFail(line, ci()));
  }

  /** The one-line reason why the named peer cannot run here, or empty when it can. */
  public static Optional<String> unavailable(String peerName) {
    for (Check c : checks(peerName)) {
      if (!c.ok()) {
        return Optional.of(line(peerName, c.problem(), c.fix()));
      }
    }
    return Optional.empty();
  }

  static String line(String peerName, String problem, String fix) {
    return peerName + " peer unavailable: " + problem + "; " + fix;
  }

  /** Aborts the test with {@code line} (a skip), or fails it when {@code ci}. */
  static void skipOrFail(String line, boolean ci) {
    if (ci) {
      Assertions.fail(ciFailure(line));
    }
    Assumptions.abort(skipMessage(line));
  }

  static String ciFailure(String line) {
    return "CI=true, so a missing peer fails the test: " + line;
  }

  static String skipMessage(String line) {
    return line + " (skipped; with CI=true this fails)";
  }

  private record Check(boolean ok, String problem, String fix) {
    static Check executable(Path file) {
      return new Check(Files.isExecutable(file), file + " not found (or not executable)",
          INSTALL_HINT);
    }

    static Check root() {
      return new Check(isRoot(), "it must run as root (it drops privileges to its own users)",
          ROOT_FIX);
    }
  }

  private static List<Check> checks(String peerName) {
    switch (peerName) {
      case PostfixDovecot.NAME:
        return List.of(Check.executable(POSTFIX_BIN), Check.executable(POSTFIX_MASTER_BIN),
            Check.executable(DOVECOT_BIN), Check.executable(OPENSSL_BIN), Check.root());
      case Exim.NAME: {
        Path exim = eximBinary();
        return List.of(
            new Check(Files.isExecutable(exim), exim + " not found (SLUICE_EXIM may name another"
                + " exim4 binary)", INSTALL_HINT),
            new Check(userExists("Debian-exim"), "user Debian-exim does not exist", INSTALL_HINT),
            Check.executable(OPENSSL_BIN), Check.root());
      }
      case Aiosmtpd.NAME:
        return List.of(Check.executable(PYTHON_BIN),
            new Check(Files.isExecutable(PYTHON_BIN) && probeOutput("aiosmtpd", PYTHON_BIN.toString(),
                "-I", "-c", "import aiosmtpd; print('aiosmtpd-ok')").contains("aiosmtpd-ok"),
                PYTHON_BIN + " cannot import aiosmtpd (Debian package python3-aiosmtpd)",
                INSTALL_HINT),
            Check.executable(OPENSSL_BIN));
      case SWAKS: {
        boolean present = Files.isExecutable(SWAKS_BIN);
        String support = present ? probeOutput("swaks", SWAKS_BIN.toString(), "--support") : "";
        return List.of(Check.executable(SWAKS_BIN),
            new Check(support.contains("=== TLS supported"), "swaks lacks TLS support (Debian"
                + " packages libio-socket-ssl-perl, libnet-ssleay-perl)", INSTALL_HINT),
            new Check(support.contains("=== Basic AUTH supported"), "swaks lacks AUTH support"
                + " (Debian package libauthen-sasl-perl)", INSTALL_HINT));
      }
      case PYTHON3:
        return List.of(Check.executable(PYTHON_BIN));
      default:
        throw new IllegalArgumentException("unknown peer " + peerName + "; known: "
            + List.of(PostfixDovecot.NAME, Exim.NAME, Aiosmtpd.NAME, SWAKS, PYTHON3));
    }
  }

  /**
   * The exim binary: environment variable {@code SLUICE_EXIM}, else system property
   * {@code sluice.exim}, else {@value #DEFAULT_EXIM}.
   */
  public static Path eximBinary() {
    String env = System.getenv("SLUICE_EXIM");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    String property = System.getProperty("sluice.exim");
    if (property != null && !property.isBlank()) {
      return Path.of(property);
    }
    return Path.of(DEFAULT_EXIM);
  }

  /** True when this JVM runs as uid 0. */
  public static boolean isRoot() {
    try {
      Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
      return uid instanceof Integer i && i == 0;
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return "root".equals(System.getProperty("user.name"));
    }
  }

  static boolean userExists(String user) {
    try {
      return Files.readAllLines(Path.of("/etc/passwd")).stream()
          .anyMatch(line -> line.startsWith(user + ":"));
    } catch (IOException e) {
      return false;
    }
  }

  /** Runs a command once per JVM and remembers its output ("" when it failed to run). */
  private static String probeOutput(String key, String... command) {
    return PROBES.computeIfAbsent(key, k -> {
      try {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> {
          try (InputStream in = p.getInputStream()) {
            return in.readAllBytes();
          } catch (IOException e) {
            return new byte[0];
          }
        });
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          return "";
        }
        return new String(out.get(5, TimeUnit.SECONDS), StandardCharsets.UTF_8);
      } catch (IOException | ExecutionException | TimeoutException e) {
        return "";
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return "";
      }
    });
  }
}
