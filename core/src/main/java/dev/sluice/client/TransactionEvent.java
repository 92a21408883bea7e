package dev.sluice.client;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;
import jdk.jfr.Timespan;

/**
 * JFR: one message transaction, from {@link SmtpSession#send} to the server's last word. The
 * default threshold keeps a fast run's recording small (a loopback transaction takes well under a
 * millisecond); set {@code dev.sluice.Transaction#threshold=0 ms} to see every one.
 */
@Name("dev.sluice.Transaction")
@Label("SMTP Transaction")
@Category({"Sluice", "SMTP"})
@Description("One message sent on an SMTP session, from send() to the server's final reply")
@Enabled(true)
@Threshold("20 ms")
@StackTrace(false)
final class TransactionEvent extends Event {
  @Label("Host")
  String host;
  @Label("Size")
  @DataAmount
  long size;
  @Label("Recipients")
  int recipients;
  @Label("Accepted Recipients")
  int acceptedRecipients;
  @Label("Result")
  @Description("ACCEPTED, PARTIAL, REJECTED or FAILED")
  String result;
  @Label("Queued")
  @Description("Time in the client behind other messages on the connection, before the first command was written")
  @Timespan
  long queued;
  @Label("Failure")
  String failure;
}
