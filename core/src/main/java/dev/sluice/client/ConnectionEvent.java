package dev.sluice.client;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;

/** JFR: one SMTP connection, from the connect to the close (or the failed setup). */
@Name("dev.sluice.Connection")
@Label("SMTP Connection")
@Category({"Sluice", "SMTP"})
@Description("An SMTP client connection, from the connect to the close or the failed setup")
@Enabled(true)
@Threshold("0 ms")
@StackTrace(false)
final class ConnectionEvent extends Event {
  @Label("Host")
  String host;
  @Label("Port")
  int port;
  @Label("Remote Address")
  String remoteAddress;
  @Label("TLS Protocol")
  @Description("Empty for a cleartext connection")
  String tlsProtocol;
  @Label("AUTH Mechanism")
  String authMechanism;
  @Label("Ready")
  @Description("Whether the session setup succeeded")
  boolean ready;
  @Label("Failure")
  @Description("Why the connection ended, empty for a clean close")
  String failure;
}
