package dev.sluice.codec;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * ESMTP parameters of RCPT TO (RFC 3461 DSN). Immutable.
 *
 * @param notifyOn NOTIFY= values; empty to leave it out; NEVER must stand alone
 * @param originalRecipient ORCPT= address (sent as {@code rfc822;xtext}, or RFC 6533
 *     {@code utf-8;} form for a non-ASCII address), or null
 */
public record RcptParameters(Set<DsnNotify> notifyOn, String originalRecipient) {

  public static final RcptParameters NONE = new RcptParameters(Set.of(), null);

  public RcptParameters {
    notifyOn = notifyOn.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(notifyOn));
    if (notifyOn.contains(DsnNotify.NEVER) && notifyOn.size() > 1) {
      throw new IllegalArgumentException("NOTIFY=NEVER cannot be combined with other values: " + notifyOn);
    }
    if (originalRecipient != null) {
      Arguments.checkMailbox("orcpt", originalRecipient, false);
    }
  }

  public RcptParameters withNotify(Set<DsnNotify> notifyOn) {
    return new RcptParameters(notifyOn, originalRecipient);
  }

  public RcptParameters withOriginalRecipient(String originalRecipient) {
    return new RcptParameters(notifyOn, originalRecipient);
  }

  /** The parameters as they go on the wire. */
  public List<String> encode() {
    if (notifyOn.isEmpty() && originalRecipient == null) {
      return List.of();
    }
    List<String> out = new ArrayList<>(2);
    if (!notifyOn.isEmpty()) {
      out.add("NOTIFY=" + EnumSet.copyOf(notifyOn).stream().map(Enum::name).collect(Collectors.joining(",")));
    }
    if (originalRecipient != null) {
      boolean ascii = originalRecipient.chars().allMatch(c -> c < 0x80);
      out.add(ascii
          ? "ORCPT=rfc822;" + Xtext.encode(originalRecipient)
          : "ORCPT=utf-8;" + Xtext.encodeUtf8Address(originalRecipient));
    }
    return List.copyOf(out);
  }
}
