package dev.sluice.client;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;

/** JFR: one TLS handshake (implicit TLS, or after STARTTLS's 220) with its certificate checks. */
@Name("dev.sluice.TlsHandshake")
@Label("SMTP TLS Handshake")
@Category({"Sluice", "SMTP"})
@Description("A TLS handshake of an SMTP client connection, certificate checks included")
@Enabled(true)
@Threshold("0 ms")
@StackTrace(false)
final class TlsHandshakeEvent extends Event {
  @Label("Host")
  String host;
  @Label("Protocol")
  String protocol;
  @Label("Cipher Suite")
  String cipherSuite;
  @Label("Provider")
  String provider;
  @Label("Implicit")
  @Description("TLS from the first byte (port 465) rather than STARTTLS")
  boolean implicit;
  @Label("Success")
  boolean success;
  @Label("Failure")
  String failure;
}
