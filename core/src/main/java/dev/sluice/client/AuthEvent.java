package dev.sluice.client;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;

/** JFR: one AUTH exchange. Carries the mechanism and the outcome, never a credential. */
@Name("dev.sluice.Auth")
@Label("SMTP AUTH")
@Category({"Sluice", "SMTP"})
@Description("An SMTP AUTH exchange (mechanism and outcome; no credentials)")
@Enabled(true)
@Threshold("0 ms")
@StackTrace(false)
final class AuthEvent extends Event {
  @Label("Host")
  String host;
  @Label("Mechanism")
  String mechanism;
  @Label("Success")
  boolean success;
  @Label("Reply Code")
  @Description("The server's final reply code, 0 when there was none")
  int replyCode;
  @Label("Failure")
  String failure;
}
