package dev.sluice.sink;

import dev.sluice.sink.fault.FaultPlan;
import java.net.InetSocketAddress;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Everything a sink was built with; immutable. Build it with {@link SmtpSink#builder()}.
 *
 * @param bindAddress where to listen (port 0: an ephemeral port, see {@link SmtpSink#port()})
 * @param hostname the name in the greeting, the EHLO reply and the generated certificate
 * @param greeting the text of the 220 greeting
 * @param extensions the extensions EHLO advertises
 * @param tls TLS mode, certificate, protocols
 * @param auth AUTH mechanisms and users
 * @param limits line, message, recipient, connection and idle limits
 * @param storage what is kept of accepted messages
 * @param faults injected faults and scripts
 * @param refuseBareLineEndings answer {@code 550 5.5.2} to a DATA message holding a bare CR or LF
 *     (like Postfix {@code smtpd_forbid_bare_newline}; SMTP smuggling); when false such data is
 *     stored as received
 * @param ioThreads event-loop threads
 * @param nativeTransport use epoll when available (else, and when false, NIO)
 * @param backlog the listen backlog
 */
public record SinkConfig(InetSocketAddress bindAddress, String hostname, String greeting, Set<Extension> extensions,
    TlsSettings tls, AuthSettings auth, Limits limits, Storage storage, FaultPlan faults,
    boolean refuseBareLineEndings, int ioThreads, boolean nativeTransport, int backlog) {

  public SinkConfig {
    Objects.requireNonNull(bindAddress, "bindAddress");
    Objects.requireNonNull(hostname, "hostname");
    Objects.requireNonNull(greeting, "greeting");
    // An EnumSet keeps the declaration order, which is the order EHLO advertises them in.
    extensions = Collections.unmodifiableSet(
        extensions.isEmpty() ? EnumSet.noneOf(Extension.class) : EnumSet.copyOf(extensions));
    Objects.requireNonNull(tls, "tls");
    Objects.requireNonNull(auth, "auth");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(storage, "storage");
    Objects.requireNonNull(faults, "faults");
    if (extensions.contains(Extension.BINARYMIME) && !extensions.contains(Extension.CHUNKING)) {
      throw new IllegalArgumentException("BINARYMIME needs CHUNKING (RFC 3030 3)");
    }
    if (ioThreads < 1) {
      throw new IllegalArgumentException("ioThreads must be positive: " + ioThreads);
    }
    if (backlog < 1) {
      throw new IllegalArgumentException("backlog must be positive: " + backlog);
    }
  }

  /** Whether AUTH is offered (and accepted) on a connection in this TLS state. */
  public boolean authOffered(boolean tlsActive) {
    return auth.enabled() && (tlsActive || !tls.enabled() || !auth.onlyAfterTls());
  }
}
