package dev.sluice.sink.session;

import dev.sluice.sink.Recipient;
import dev.sluice.sink.Transfer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The mail transaction in progress (RFC 5321 3.3): from MAIL to the end of the data, or RSET. */
final class Transaction {

  /** The reverse-path; null when no transaction is open. */
  String from;
  Map<String, String> mailParameters = Map.of();
  boolean binaryMime;
  boolean smtpUtf8;
  final List<Recipient> recipients = new ArrayList<>(4);
  /** DATA or BDAT once content started, else null. */
  Transfer transfer;
  /** The content received so far, once content started. */
  MessageBody body;

  boolean open() {
    return from != null;
  }

  void begin(String from, Map<String, String> parameters) {
    this.from = from;
    this.mailParameters = parameters;
    String body = parameters.get("BODY");
    this.binaryMime = body != null && body.equalsIgnoreCase("BINARYMIME");
    this.smtpUtf8 = parameters.containsKey("SMTPUTF8");
  }

  /** Ends the transaction, releasing any content collected. */
  void reset() {
    from = null;
    mailParameters = Map.of();
    binaryMime = false;
    smtpUtf8 = false;
    recipients.clear();
    transfer = null;
    if (body != null) {
      body.release();
      body = null;
    }
  }
}
