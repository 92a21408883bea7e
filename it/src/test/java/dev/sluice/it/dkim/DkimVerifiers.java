package dev.sluice.it.dkim;

import dev.sluice.it.peers.Peers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The independent verifiers, run as processes: dkimpy (Debian python3-dkim, through a small
 * script with the public keys as its DNS answers) and OpenDKIM ({@code opendkim -t} in test mode
 * with {@code TestPublicKeys}). Each returns one verdict per signature, e.g. {@code pass
 * ed25519-sha256}.
 */
public final class DkimVerifiers {

  static final Path PYTHON = Path.of("/usr/bin/python3");
  static final Path OPENDKIM = Path.of("/usr/sbin/opendkim");

  private DkimVerifiers() {}

  /** Skips (or under CI=true fails) unless both verifiers can run. */
  public static void require() {
    String missing = null;
    if (!Files.isExecutable(OPENDKIM)) {
      missing = OPENDKIM + " not found (Debian package opendkim)";
    } else if (!run(List.of(PYTHON.toString(), "-c", "import dkim, nacl; print('dkimpy-ok')"), null)
        .contains("dkimpy-ok")) {
      missing = PYTHON + " cannot import dkim and nacl (Debian packages python3-dkim, python3-nacl)";
    }
    if (missing != null) {
      String line = "dkim verifiers unavailable: " + missing + "; " + Peers.INSTALL_HINT;
      if (Peers.ci()) {
        Assertions.fail("CI=true, so a missing peer fails the test: " + line);
      }
      Assumptions.abort(line + " (skipped; with CI=true this fails)");
    }
  }

  /** The public keys as {@code name value} lines, the format both verifiers read. */
  static Path keysFile(Path dir, Map<String, String> txtRecords) throws IOException {
    StringBuilder sb = new StringBuilder();
    txtRecords.forEach((name, value) -> sb.append(name).append(' ').append(value).append('\n'));
    return Files.writeString(dir.resolve("public-keys.txt"), sb.toString());
  }

  /**
   * dkimpy's verdicts with the public keys looked up in the DNS server at {@code dns} (the TXT
   * records at {@code selector._domainkey.domain}), as a receiver finds them. {@code dir} takes the script.
   */
  public static Map<Path, List<String>> dkimpyWithDns(java.net.InetSocketAddress dns, Path dir, List<Path> files)
      throws IOException {
    return dkimpy("dns:" + dns.getHostString() + ":" + dns.getPort(), dir, files);
  }

  static Map<Path, List<String>> dkimpy(Path keys, List<Path> files) throws IOException {
    return dkimpy(keys.toString(), keys.getParent(), files);
  }

  /** dkimpy's verdicts with the public keys from {@code keys} ({@code name value} lines). */
  public static Map<Path, List<String>> dkimpyKeysFile(Path keys, List<Path> files) throws IOException {
    return dkimpy(keys, files);
  }

  private static Map<Path, List<String>> dkimpy(String keys, Path dir, List<Path> files) throws IOException {
    Path script = dir.resolve("dkimpy-verify.py");
    try (InputStream in = DkimVerifiers.class.getResourceAsStream("/dkim/dkimpy-verify.py")) {
      Files.write(script, in.readAllBytes());
    }
    List<String> cmd = new ArrayList<>(List.of(PYTHON.toString(), script.toString(), keys));
    files.forEach(f -> cmd.add(f.toString()));
    Map<Path, List<String>> verdicts = new LinkedHashMap<>();
    files.forEach(f -> verdicts.put(f, new ArrayList<>()));
    for (String line : run(cmd, dir).split("\n")) {
      String[] p = line.split(" ");
      if (p.length == 4 && verdicts.containsKey(Path.of(p[0]))) {
        verdicts.get(Path.of(p[0])).add(p[2] + " " + p[3]);
      }
    }
    return verdicts;
  }

  static Map<Path, List<String>> opendkim(Path keys, List<Path> files) throws IOException {
    Path conf = keys.resolveSibling("opendkim.conf");
    Files.writeString(conf, "Mode v\nSyslog no\nMinimumKeyBits 1024\nTestPublicKeys " + keys + "\n");
    Map<Path, List<String>> verdicts = new LinkedHashMap<>();
    for (Path f : files) {
      List<String> v = new ArrayList<>();
      // -vvv prints the Authentication-Results it would add: one dkim= result per signature.
      for (String line : run(List.of(OPENDKIM.toString(), "-x", conf.toString(), "-vvv", "-t", f.toString()),
          keys.getParent()).split("\n")) {
        String t = line.strip();
        if (t.startsWith("dkim=")) {
          String result = t.substring(5, t.indexOf(' ') > 0 ? t.indexOf(' ') : t.length());
          int a = t.indexOf("header.a=");
          v.add(result.replace(";", "") + " " + (a < 0 ? "?" : t.substring(a + 9).split("[ ;]")[0]));
        }
      }
      verdicts.put(f, v);
    }
    return verdicts;
  }

  /**
   * Signs {@code message} with dkimpy (ed25519-sha256, simple/simple, selector {@code ed} of
   * sluice.test) into {@code out}: a signature no Sluice code touched, to tell a verifier's quirk
   * from a signer's bug.
   */
  static Path dkimpySign(Path message, byte[] ed25519Seed, Path out) {
    String script = "import base64, dkim, sys\n"
        + "m = open(sys.argv[1], 'rb').read()\n"
        + "sig = dkim.sign(m, b'ed', b'sluice.test', sys.argv[2].encode(), canonicalize=(b'simple', b'simple'),"
        + " signature_algorithm=b'ed25519-sha256', include_headers=[b'from', b'to', b'subject', b'date', b'message-id'])\n"
        + "open(sys.argv[3], 'wb').write(sig + m)\n";
    String result = run(List.of(PYTHON.toString(), "-c", script, message.toString(),
        java.util.Base64.getEncoder().encodeToString(ed25519Seed), out.toString()), null);
    if (!Files.exists(out)) {
      throw new IllegalStateException("dkimpy could not sign: " + result);
    }
    return out;
  }

  private static String run(List<String> cmd, Path dir) {
    try {
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
      if (dir != null) {
        pb.directory(dir.toFile());
      }
      Process p = pb.start();
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(300, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(cmd.get(0) + " did not finish");
      }
      return new String(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "cannot run " + cmd.get(0) + ": " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
