package dev.sluice.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.LongString;
import dev.sluice.client.Envelope;
import dev.sluice.codec.DsnNotify;
import dev.sluice.codec.DsnReturn;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One AMQP message per mail, version {@value #VERSION}. The body is the RFC 5322 message as is;
 * {@code message-id} is the request id; the envelope travels in headers, so that the broker, a
 * shovel or a management UI can route and show it without parsing the body:
 *
 * <pre>
 * sluice-version   1 (a reader refuses versions it does not know: the mail is dead-lettered)
 * sluice-from      MAIL FROM ("" for the null sender)
 * sluice-to        RCPT TO, an array of strings, at least one
 * sluice-dsn-ret   FULL | HDRS            (optional, RFC 3461)
 * sluice-dsn-envid the ENVID              (optional)
 * sluice-dsn-notify e.g. "FAILURE,DELAY"  (optional)
 * sluice-dsn-orcpt true: each RCPT with its ORCPT (optional)
 * sluice-route     a route or destination name (optional)
 * sluice-dkim-key  the DKIM key id (optional)
 * sluice-attempts  attempts already made (0 when first published; set on retry copies)
 * sluice-due-at    on a retry copy in a delay tier: when it goes back to the send queue (epoch ms)
 * sluice-redelivered true on a retry copy of a mail the broker had redelivered (it may have been
 *                  sent before): the flag must survive the delay tier to reach the outcome
 * </pre>
 *
 * Decoding checks everything a sender relies on — a malformed message becomes a
 * {@link MalformedMailException} with a reason, never a runtime error in the worker.
 */
public final class WireFormat {

  public static final int VERSION = 1;
  public static final int MAX_ID_LENGTH = 255;
  public static final String CONTENT_TYPE = "message/rfc822";

  public static final String H_VERSION = "sluice-version";
  public static final String H_FROM = "sluice-from";
  public static final String H_TO = "sluice-to";
  public static final String H_DSN_RET = "sluice-dsn-ret";
  public static final String H_DSN_ENVID = "sluice-dsn-envid";
  public static final String H_DSN_NOTIFY = "sluice-dsn-notify";
  public static final String H_DSN_ORCPT = "sluice-dsn-orcpt";
  public static final String H_ROUTE = "sluice-route";
  public static final String H_DKIM_KEY = "sluice-dkim-key";
  public static final String H_ATTEMPTS = "sluice-attempts";
  public static final String H_REDELIVERED = "sluice-redelivered";
  /** On retry copies in a delay tier: when the copy is due back on the send queue (epoch ms). */
  public static final String H_DUE_AT = "sluice-due-at";
  /**
   * On a retry copy of a partly delivered mail: the replies of the recipients already done (a JSON
   * array of {@link OutcomeRecord.Reply}), merged into the final outcome. {@value #H_TO} then holds
   * only the recipients still to try.
   */
  public static final String H_DONE = "sluice-done";
  /** On dead letters: why the worker gave up on the message. */
  public static final String H_DEAD_REASON = "sluice-dead-reason";

  private WireFormat() {}

  /** The properties of {@code mail} as first published: persistent, no attempts yet. */
  public static AMQP.BasicProperties properties(QueuedMail mail, long timestampMillis) {
    Map<String, Object> h = new HashMap<>();
    h.put(H_VERSION, VERSION);
    Envelope e = mail.envelope();
    h.put(H_FROM, e.from());
    h.put(H_TO, new ArrayList<Object>(e.recipients()));
    if (e.dsn() != null) {
      Envelope.Dsn dsn = e.dsn();
      if (dsn.ret() != null) {
        h.put(H_DSN_RET, dsn.ret().name());
      }
      if (dsn.envelopeId() != null) {
        h.put(H_DSN_ENVID, dsn.envelopeId());
      }
      if (!dsn.notifyOn().isEmpty()) {
        h.put(H_DSN_NOTIFY, String.join(",", dsn.notifyOn().stream().map(Enum::name).sorted().toList()));
      }
      if (dsn.originalRecipients()) {
        h.put(H_DSN_ORCPT, true);
      }
    }
    if (mail.route() != null) {
      h.put(H_ROUTE, mail.route());
    }
    if (mail.dkimKeyId() != null) {
      h.put(H_DKIM_KEY, mail.dkimKeyId());
    }
    h.put(H_ATTEMPTS, 0);
    return new AMQP.BasicProperties.Builder()
        .messageId(mail.requestId())
        .contentType(CONTENT_TYPE)
        .deliveryMode(2)
        .timestamp(new java.util.Date(timestampMillis))
        .headers(h)
        .build();
  }

  /**
   * The mail carried by an AMQP message.
   *
   * @throws MalformedMailException with the reason, when it is not a mail of this version
   */
  public static QueuedMail decode(AMQP.BasicProperties props, byte[] body, long maxBytes)
      throws MalformedMailException {
    if (props == null || props.getHeaders() == null) {
      throw new MalformedMailException("no headers: not a sluice mail (needs " + H_VERSION + ")");
    }
    Map<String, Object> h = props.getHeaders();
    Object version = h.get(H_VERSION);
    if (version == null) {
      throw new MalformedMailException("header " + H_VERSION + " is missing: not a sluice mail");
    }
    if (!(version instanceof Number n) || n.intValue() != VERSION) {
      throw new MalformedMailException("unknown wire-format version " + printable(String.valueOf(version))
          + " (this worker reads version " + VERSION + ")");
    }
    String id = props.getMessageId();
    if (id == null) {
      throw new MalformedMailException("message-id (the request id) is missing");
    }
    try {
      checkToken("request id", id);
    } catch (IllegalArgumentException e) {
      throw new MalformedMailException(e.getMessage());
    }
    if (body == null || body.length == 0) {
      throw new MalformedMailException("the body (the RFC 5322 message) is empty");
    }
    if (body.length > maxBytes) {
      throw new MalformedMailException("the message is " + body.length + " bytes, over the limit of " + maxBytes);
    }
    String from = string(h, H_FROM, true);
    List<String> to = strings(h, H_TO);
    try {
      Envelope envelope = Envelope.of(from, to).withDsn(dsn(h));
      return new QueuedMail(id, envelope, body, string(h, H_ROUTE, false), string(h, H_DKIM_KEY, false));
    } catch (IllegalArgumentException e) {
      throw new MalformedMailException("invalid envelope: " + printable(e.getMessage()), e);
    }
  }

  /** Attempts already made on this message ({@value #H_ATTEMPTS}; 0 when absent or not a number). */
  public static int attempts(AMQP.BasicProperties props) {
    Object a = props == null || props.getHeaders() == null ? null : props.getHeaders().get(H_ATTEMPTS);
    return a instanceof Number n ? Math.max(0, n.intValue()) : 0;
  }

  /** True when an earlier delivery of this mail (before a retry) was a redelivery. */
  public static boolean redeliveredBefore(AMQP.BasicProperties props) {
    return props != null && props.getHeaders() != null && Boolean.TRUE.equals(props.getHeaders().get(H_REDELIVERED));
  }

  /** {@code props} with other headers set (a null value removes one); keeps the rest. */
  public static AMQP.BasicProperties withHeaders(AMQP.BasicProperties props, Map<String, Object> extra) {
    Map<String, Object> h = new HashMap<>();
    if (props.getHeaders() != null) {
      h.putAll(props.getHeaders());
    }
    // the broker's own bookkeeping from an earlier dead-lettering has no meaning on a new copy
    h.remove("x-death");
    h.remove("x-first-death-exchange");
    h.remove("x-first-death-queue");
    h.remove("x-first-death-reason");
    h.remove("x-last-death-exchange");
    h.remove("x-last-death-queue");
    h.remove("x-last-death-reason");
    for (Map.Entry<String, Object> e : extra.entrySet()) {
      if (e.getValue() == null) {
        h.remove(e.getKey());
      } else {
        h.put(e.getKey(), e.getValue());
      }
    }
    return props.builder().headers(h).deliveryMode(2).expiration(null).build();
  }

  static void checkToken(String what, String value) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException("the " + what + " is empty");
    }
    if (value.length() > MAX_ID_LENGTH) {
      throw new IllegalArgumentException("the " + what + " is longer than " + MAX_ID_LENGTH + " characters");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c <= 0x20 || c >= 0x7f) {
        throw new IllegalArgumentException("the " + what + " must be printable ASCII without spaces: "
            + printable(value));
      }
    }
  }

  private static Envelope.Dsn dsn(Map<String, Object> h) throws MalformedMailException {
    String ret = string(h, H_DSN_RET, false);
    String envid = string(h, H_DSN_ENVID, false);
    String notify = string(h, H_DSN_NOTIFY, false);
    boolean orcpt = Boolean.TRUE.equals(h.get(H_DSN_ORCPT));
    if (ret == null && envid == null && notify == null && !orcpt) {
      return null;
    }
    try {
      DsnReturn r = ret == null ? null : DsnReturn.valueOf(ret.toUpperCase(Locale.ROOT));
      Set<DsnNotify> n = EnumSet.noneOf(DsnNotify.class);
      if (notify != null) {
        for (String s : notify.split(",")) {
          n.add(DsnNotify.valueOf(s.trim().toUpperCase(Locale.ROOT)));
        }
      }
      return new Envelope.Dsn(r, envid, n, orcpt);
    } catch (IllegalArgumentException e) {
      throw new MalformedMailException("invalid DSN header: " + printable(ret + " / " + notify));
    }
  }

  private static String string(Map<String, Object> h, String name, boolean required) throws MalformedMailException {
    Object v = h.get(name);
    if (v == null) {
      if (required) {
        throw new MalformedMailException("header " + name + " is missing");
      }
      return null;
    }
    if (v instanceof LongString || v instanceof String) {
      return v.toString();
    }
    throw new MalformedMailException("header " + name + " must be a string, not " + v.getClass().getSimpleName());
  }

  private static List<String> strings(Map<String, Object> h, String name) throws MalformedMailException {
    Object v = h.get(name);
    if (v == null) {
      throw new MalformedMailException("header " + name + " (the recipients) is missing");
    }
    if (!(v instanceof List<?> list)) {
      throw new MalformedMailException("header " + name + " must be an array of strings");
    }
    if (list.isEmpty()) {
      throw new MalformedMailException("header " + name + " has no recipient");
    }
    List<String> out = new ArrayList<>(list.size());
    for (Object o : list) {
      if (!(o instanceof LongString || o instanceof String)) {
        throw new MalformedMailException("header " + name + " must be an array of strings");
      }
      out.add(o.toString());
    }
    return out;
  }

  /** {@code s} with control characters shown as \\xNN, cut at 200 characters: safe in a log line. */
  static String printable(String s) {
    if (s == null) {
      return "null";
    }
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length() && b.length() < 200; i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        b.append(String.format("\\x%02x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
