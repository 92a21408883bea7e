package dev.sluice.cli;

import dev.sluice.client.Credentials;
import dev.sluice.client.Office365;
import dev.sluice.client.SmtpClientConfig;
import dev.sluice.client.Timeouts;
import dev.sluice.client.TlsMode;
import dev.sluice.client.TlsProvider;
import dev.sluice.client.TokenSource;
import dev.sluice.client.TrustConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** Connection, TLS and authentication options shared by {@code send}, {@code blast} and {@code probe}. */
final class ConnectionOptions {

  /** The one profile there is. */
  static final String OFFICE_365 = "office365";

  @Option(names = "--profile", paramLabel = "NAME",
      description = "office365: Office 365 client submission — host smtp.office365.com, port 587, STARTTLS, "
          + "AUTH XOAUTH2 with a token (LOGIN with a password, never PLAIN); blast keeps to 3 connections and "
          + "30 messages a minute. Options given explicitly win.")
  String profile;

  @Option(names = "--port", paramLabel = "P",
      description = "Server port (default: 587, or 465 with --tls implicit).")
  Integer port;

  @Option(names = "--tls", paramLabel = "MODE", defaultValue = "starttls",
      description = "starttls (default: required, never falls back), implicit (TLS from the first byte, port 465), "
          + "opportunistic (STARTTLS when offered), none (no TLS; test servers only).")
  String tls;

  @Option(names = "--ca-file", paramLabel = "PEM",
      description = "Trust the CA (or self-signed) certificates in this PEM file instead of the system's.")
  Path caFile;

  @Option(names = "--insecure", description = "Do not check the server's certificate or host name (test servers only).")
  boolean insecure;

  @Option(names = "--tls-provider", paramLabel = "P", defaultValue = "auto",
      description = "TLS implementation: auto (OpenSSL when available), jdk, openssl.")
  String tlsProvider;

  @Option(names = "--helo", paramLabel = "NAME", description = "The name to announce in EHLO (default: this host's name).")
  String helo;

  @Option(names = "--timeout-s", paramLabel = "S",
      description = "Timeout for every phase, in seconds (default: RFC 5321's per-phase values).")
  Integer timeoutSeconds;

  @Option(names = "--trace", description = "Print the SMTP dialogue on stderr (AUTH data redacted).")
  boolean trace;

  @Option(names = "--user", paramLabel = "U",
      description = "Authenticate as U (for Office 365: the full user principal name, user@tenant.example), with an "
          + "OAuth token (--oauth-token-env/-file/-command: XOAUTH2) or a password (--password-env/-file).")
  String user;

  @ArgGroup(exclusive = true)
  Secret secret;

  @Option(names = "--auth-mech", paramLabel = "MECH", split = ",",
      description = "SASL mechanisms to allow, in order (default: PLAIN,LOGIN for a password; OAUTHBEARER,XOAUTH2 "
          + "for a token; CRAM-MD5 only when listed).")
  List<String> mechanisms;

  /**
   * Where the secret comes from: never from the command line itself. Tokens first: basic
   * authentication (a password) for SMTP is switched off by default in Office 365 at the end of 2026.
   */
  static final class Secret {
    @Option(names = "--oauth-token-env", paramLabel = "VAR",
        description = "OAuth 2.0 access token (XOAUTH2/OAUTHBEARER) from environment variable VAR, read at every connect.")
    String tokenEnv;

    @Option(names = "--oauth-token-file", paramLabel = "F",
        description = "OAuth 2.0 access token from file F, re-read at every connect and after a rejected token.")
    Path tokenFile;

    @Option(names = "--oauth-token-command", paramLabel = "CMD",
        description = "OAuth 2.0 access token printed by command CMD (run by sh -c) at every connect; after a "
            + "rejected token (535) it is run once more with SLUICE_TOKEN_REFRESH=1 and must print a fresh one.")
    String tokenCommand;

    @Option(names = "--password-env", paramLabel = "VAR",
        description = "Read the password from environment variable VAR (basic authentication; Office 365 switches "
            + "it off by default at the end of 2026: prefer a token).")
    String passwordEnv;

    @Option(names = "--password-file", paramLabel = "F", description = "Read the password from file F (first line).")
    Path passwordFile;
  }

  /** The host to use: the one given, else the profile's; null when there is neither. */
  String host(String given) {
    if (given != null) {
      return given;
    }
    return isOffice365() ? Office365.HOST : null;
  }

  boolean isOffice365() {
    if (profile == null) {
      return false;
    }
    if (!profile.equalsIgnoreCase(OFFICE_365)) {
      throw new UsageException("--profile must be " + OFFICE_365 + ", not " + profile);
    }
    return true;
  }

  /** Builds the client configuration; usage errors are {@link UsageException}s. */
  SmtpClientConfig.Builder toConfig(String host) {
    TlsMode mode = switch (tls.toLowerCase(Locale.ROOT)) {
      case "starttls" -> TlsMode.STARTTLS_REQUIRED;
      case "implicit" -> TlsMode.IMPLICIT;
      case "opportunistic" -> TlsMode.STARTTLS_OPPORTUNISTIC;
      case "none" -> TlsMode.NONE;
      default -> throw new UsageException("--tls must be starttls, implicit, opportunistic or none, not " + tls);
    };
    SmtpClientConfig.Builder b = SmtpClientConfig.builder(host).tlsMode(mode);
    if (port != null) {
      b.port(port);
    }
    if (insecure && caFile != null) {
      throw new UsageException("--insecure and --ca-file cannot be combined");
    }
    if (insecure) {
      b.trust(TrustConfig.insecure());
    } else if (caFile != null) {
      if (!Files.isReadable(caFile)) {
        throw new UsageException("--ca-file " + caFile + " is not a readable file");
      }
      b.trust(TrustConfig.pemFile(caFile));
    }
    b.tlsProvider(switch (tlsProvider.toLowerCase(Locale.ROOT)) {
      case "auto" -> TlsProvider.AUTO;
      case "jdk" -> TlsProvider.JDK;
      case "openssl" -> TlsProvider.OPENSSL;
      default -> throw new UsageException("--tls-provider must be auto, jdk or openssl");
    });
    if (helo != null) {
      b.heloName(helo);
    }
    if (timeoutSeconds != null) {
      if (timeoutSeconds <= 0) {
        throw new UsageException("--timeout-s must be positive");
      }
      b.timeouts(Timeouts.all(Duration.ofSeconds(timeoutSeconds)));
    }
    Credentials credentials = credentials();
    if (mechanisms != null) {
      b.authMechanisms(mechanisms);
    } else if (isOffice365()) {
      b.authMechanisms(Office365.mechanismsFor(credentials));
    }
    b.credentials(credentials);
    return b;
  }

  private Credentials credentials() {
    if (user == null) {
      if (secret != null) {
        throw new UsageException("a password or token needs --user");
      }
      return null;
    }
    if (secret == null) {
      throw new UsageException("--user needs --password-env, --password-file, --oauth-token-env, "
          + "--oauth-token-file or --oauth-token-command (secrets are never taken from the command line)");
    }
    if (secret.passwordEnv != null) {
      String pw = System.getenv(secret.passwordEnv);
      if (pw == null) {
        throw new UsageException("environment variable " + secret.passwordEnv + " (--password-env) is not set");
      }
      return Credentials.password(user, pw);
    }
    if (secret.passwordFile != null) {
      try {
        List<String> lines = Files.readAllLines(secret.passwordFile);
        if (lines.isEmpty()) {
          throw new UsageException("--password-file " + secret.passwordFile + " is empty");
        }
        return Credentials.password(user, lines.get(0));
      } catch (IOException e) {
        throw new UsageException("cannot read --password-file " + secret.passwordFile + ": " + e.getMessage());
      }
    }
    if (secret.tokenEnv != null) {
      return Credentials.oauth(user, TokenSource.environment(secret.tokenEnv));
    }
    if (secret.tokenFile != null) {
      return Credentials.oauth(user, TokenSource.file(secret.tokenFile));
    }
    return Credentials.oauth(user, TokenSource.command(List.of("sh", "-c", secret.tokenCommand)));
  }
}
