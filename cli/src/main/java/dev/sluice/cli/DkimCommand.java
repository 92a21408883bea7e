package dev.sluice.cli;

import dev.sluice.dkim.DkimAlgorithm;
import dev.sluice.dkim.DkimKeyPair;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code sluice dkim}: DKIM key management (signing itself is {@code --dkim} on send and blast). */
@Command(name = "dkim", mixinStandardHelpOptions = true, description = "DKIM keys for send --dkim and blast --dkim.",
    subcommands = DkimCommand.Keygen.class)
final class DkimCommand implements Runnable {

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code sluice dkim keygen}: a new key file (mode 0600) and the TXT record to publish. */
  @Command(name = "keygen", mixinStandardHelpOptions = true, sortOptions = false,
      description = {"Make a DKIM signing key and print the DNS TXT record that publishes it.", "",
          "The private key goes to --out (PKCS#8 PEM, readable by its owner only); stdout gets the record's name "
              + "and value, and the key table line for --dkim."},
      footer = {"", "Example:", "  sluice dkim keygen --domain example.com --selector s2026 --type ed25519 --out ed.pem"})
  static final class Keygen implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--domain", required = true, paramLabel = "D", description = "The signing domain (d=).")
    String domain;

    @Option(names = "--selector", required = true, paramLabel = "S", description = "The selector (s=).")
    String selector;

    @Option(names = "--type", paramLabel = "T", defaultValue = "rsa", description = "rsa (default) or ed25519.")
    String type;

    @Option(names = "--bits", paramLabel = "N", defaultValue = "2048", description = "RSA key size, 1024-4096 (default 2048).")
    int bits;

    @Option(names = "--out", required = true, paramLabel = "KEY.pem", description = "Where to write the private key (must not exist).")
    Path out;

    @Override
    public Integer call() {
      PrintWriter stdout = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      try {
        DkimAlgorithm algorithm = switch (type.toLowerCase(Locale.ROOT)) {
          case "rsa" -> DkimAlgorithm.RSA_SHA256;
          case "ed25519" -> DkimAlgorithm.ED25519_SHA256;
          default -> throw new UsageException("--type must be rsa or ed25519, not " + type);
        };
        dev.sluice.dkim.DkimKey.checkNames(domain, selector);
        DkimKeyPair pair;
        try {
          pair = DkimKeyPair.generate(algorithm, bits);
        } catch (IllegalArgumentException e) {
          throw new UsageException("--bits: " + e.getMessage());
        }
        write(out, pair.privateKeyPem());
        stdout.println(DkimKeyPair.txtName(domain, selector) + " IN TXT " + pair.txtZoneValue());
        stdout.println("# key table line for --dkim:");
        stdout.println(domain + " " + selector + " " + out.toAbsolutePath());
        stdout.flush();
        return ExitCodes.OK;
      } catch (dev.sluice.dkim.DkimException e) {
        return Failures.report(err, new UsageException(e.getMessage()));
      } catch (RuntimeException e) {
        return Failures.report(err, e);
      }
    }

    /** Creates the file readable by its owner only, from the first byte (no window with wider rights). */
    private static void write(Path file, String pem) {
      try {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, pem, StandardCharsets.US_ASCII, EnumSet.of(StandardOpenOption.WRITE).toArray(
            new StandardOpenOption[0]));
      } catch (FileAlreadyExistsException e) {
        throw new UsageException("--out " + file + " exists; choose a new file (an old key may still be in use)");
      } catch (IOException e) {
        throw new UsageException("cannot write " + file + ": " + e.getMessage());
      }
    }
  }
}
