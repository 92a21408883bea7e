package dev.sluice.sink;

import dev.sluice.codec.BodyType;
import dev.sluice.codec.DsnReturn;
import dev.sluice.codec.Xtext;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A message the sink accepted, with its envelope and how it arrived.
 *
 * @param id the id in the sink's {@code 250 … queued as ID} reply (and the directory file names)
 * @param from the reverse-path without angle brackets; empty for the null sender {@code <>}
 * @param recipients the accepted recipients, in order
 * @param mailParameters MAIL FROM's ESMTP parameters as received: keys upper-cased, values
 *     untouched (empty for a keyword such as SMTPUTF8), in the order sent
 * @param data the exact message bytes: after DATA, with the stuffed dots removed and without the
 *     terminating {@code .CRLF}; after BDAT, the chunks concatenated
 * @param transfer DATA or BDAT
 * @param tlsProtocol the TLS protocol of the connection (e.g. {@code TLSv1.3}), or null in cleartext
 * @param authenticatedUser who authenticated with AUTH, or null
 * @param heloName the argument of the client's last HELO or EHLO
 * @param esmtp whether the client said EHLO (true) or HELO (false)
 * @param client the client's address
 * @param receivedAt when the sink accepted the message
 */
public record StoredMessage(String id, String from, List<Recipient> recipients, Map<String, String> mailParameters,
    byte[] data, Transfer transfer, String tlsProtocol, String authenticatedUser, String heloName, boolean esmtp,
    InetSocketAddress client, Instant receivedAt) {

  public StoredMessage {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(transfer, "transfer");
    recipients = List.copyOf(recipients);
    mailParameters = Parameters.copyOf(mailParameters);
  }

  /** A copy of the message bytes (the record never hands out its own array). */
  @Override
  public byte[] data() {
    return data.clone();
  }

  /** The message size in octets. */
  public int size() {
    return data.length;
  }

  /** The message bytes decoded as UTF-8 (malformed sequences replaced). */
  public String dataAsString() {
    return new String(data, StandardCharsets.UTF_8);
  }

  /** Whether the message came over TLS (STARTTLS or implicit). */
  public boolean tls() {
    return tlsProtocol != null;
  }

  /** The recipients' addresses, in order. */
  public List<String> recipientAddresses() {
    return recipients.stream().map(Recipient::address).toList();
  }

  /** BODY= (RFC 6152 / RFC 3030), or null when the client did not send it. */
  public BodyType body() {
    String value = mailParameters.get("BODY");
    if (value == null) {
      return null;
    }
    for (BodyType type : BodyType.values()) {
      if (type.keyword().equalsIgnoreCase(value)) {
        return type;
      }
    }
    return null;
  }

  /** Whether MAIL FROM carried the SMTPUTF8 parameter (RFC 6531). */
  public boolean smtpUtf8() {
    return mailParameters.containsKey("SMTPUTF8");
  }

  /** RET= (RFC 3461), or null. */
  public DsnReturn dsnReturn() {
    String value = mailParameters.get("RET");
    return value == null ? null : DsnReturn.valueOf(value.toUpperCase(java.util.Locale.ROOT));
  }

  /** ENVID= (RFC 3461) with its xtext decoded, or null. */
  public String envelopeId() {
    String value = mailParameters.get("ENVID");
    return value == null ? null : Xtext.decode(value);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StoredMessage m && id.equals(m.id) && from.equals(m.from) && recipients.equals(m.recipients)
        && mailParameters.equals(m.mailParameters) && Arrays.equals(data, m.data) && transfer == m.transfer
        && Objects.equals(tlsProtocol, m.tlsProtocol) && Objects.equals(authenticatedUser, m.authenticatedUser)
        && Objects.equals(heloName, m.heloName) && esmtp == m.esmtp && Objects.equals(client, m.client)
        && Objects.equals(receivedAt, m.receivedAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, from, recipients, Arrays.hashCode(data));
  }

  /** The envelope and the size; never the content. */
  @Override
  public String toString() {
    return "StoredMessage[id=" + id + ", from=<" + from + ">, to=" + recipientAddresses() + ", " + data.length
        + " octets by " + transfer + (tls() ? " over " + tlsProtocol : "")
        + (authenticatedUser == null ? "" : " as " + authenticatedUser) + "]";
  }
}
