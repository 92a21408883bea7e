package dev.sluice.dkim;

import java.util.ArrayList;
import java.util.List;

/**
 * Which header fields a signature covers, and their canonical bytes in {@code h=} order.
 *
 * <p>The set is RFC 6376 §5.4.1's "SHOULD be signed" list, plus the fields that say how to read the
 * body (MIME-Version, Content-Type, Content-Transfer-Encoding) and List-Unsubscribe-Post (RFC 8058
 * §4 requires it signed for one-click unsubscribe). Each field present is signed as many times as
 * it occurs; From, To, Subject, Date and Message-ID are named once more than they occur
 * ("over-signing", §8.15): the extra name matches no field, is signed as null, and so a second
 * Subject added in transit breaks the signature instead of being shown to the reader.
 */
final class SignedHeaders {

  static final List<String> DEFAULT = List.of("from", "reply-to", "subject", "date", "to", "cc", "message-id",
      "in-reply-to", "references", "resent-date", "resent-from", "resent-to", "resent-cc", "list-id", "list-help",
      "list-unsubscribe", "list-unsubscribe-post", "list-subscribe", "list-post", "list-owner", "list-archive",
      "mime-version", "content-type", "content-transfer-encoding");

  private static final List<String> OVERSIGNED = List.of("from", "to", "subject", "date", "message-id");

  private SignedHeaders() {}

  /** The {@code h=} names for these fields: each present one as often as it occurs, the over-signed ones once more. */
  static List<String> names(List<HeaderField> fields) {
    List<String> names = new ArrayList<>(16);
    for (String name : DEFAULT) {
      int count = OVERSIGNED.contains(name) ? 1 : 0;
      for (HeaderField f : fields) {
        if (f.is(name)) {
          count++;
        }
      }
      for (int i = 0; i < count; i++) {
        names.add(name);
      }
    }
    return names;
  }

  /**
   * Appends the canonical form of the fields {@code names} select to {@code data} (RFC 6376 §5.4.2:
   * the n-th use of a name takes the n-th field of that name counted from the bottom; a name with
   * no field left adds nothing).
   */
  static void canonical(List<HeaderField> fields, List<String> names, boolean relaxed, Bytes data) {
    for (int k = 0; k < names.size(); k++) {
      String name = names.get(k);
      int used = 0;
      for (int j = 0; j < k; j++) {
        if (names.get(j).equalsIgnoreCase(name)) {
          used++;
        }
      }
      for (int i = fields.size() - 1; i >= 0; i--) {
        HeaderField f = fields.get(i);
        if (f.is(name) && used-- == 0) {
          if (relaxed) {
            HeaderCanon.relaxed(f.raw(), f.off(), f.length(), data);
          } else {
            HeaderCanon.simple(f.raw(), f.off(), f.length(), data);
          }
          break;
        }
      }
    }
  }
}
