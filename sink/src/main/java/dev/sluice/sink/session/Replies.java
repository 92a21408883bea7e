package dev.sluice.sink.session;

import dev.sluice.codec.MalformedCommandLine;
import dev.sluice.codec.SmtpReply;
import dev.sluice.sink.Extension;
import dev.sluice.sink.SinkConfig;
import java.nio.charset.StandardCharsets;

/**
 * Every fixed reply of the sink, encoded once per sink (with CRLF), so that answering a command on
 * the hot path is one {@code writeBytes} of a constant. Without ENHANCEDSTATUSCODES the RFC 3463
 * codes are left out (RFC 2034: only a server that advertises them sends them).
 */
final class Replies {

  private final boolean enhanced;

  final byte[] greeting;
  final byte[] helo;
  final byte[] ok;
  final byte[] mailOk;
  final byte[] rcptOk;
  final byte[] dataGo;
  final byte[] queued;
  final byte[] bye;
  final byte[] vrfy;
  final byte[] help;
  final byte[] startTlsGo;
  final byte[] authOk;
  final byte[] unknownCommand;
  final byte[] notImplemented;
  final byte[] emptyLine;
  final byte[] needHelo;
  final byte[] nestedMail;
  final byte[] needMail;
  final byte[] needRecipients;
  final byte[] tooManyRecipients;
  final byte[] tooBig;
  final byte[] declaredTooBig;
  final byte[] mailSyntax;
  final byte[] rcptSyntax;
  final byte[] heloSyntax;
  final byte[] ehloSyntax;
  final byte[] noArguments;
  final byte[] bdatSyntax;
  final byte[] dataInProgress;
  final byte[] lineTooLong;
  final byte[] badCharacter;
  final byte[] binaryNeedsBdat;
  final byte[] badSender;
  final byte[] badRecipient;
  final byte[] utf8Required;
  final byte[] bareLineEnding;
  final byte[] tlsRequired;
  final byte[] tlsActive;
  final byte[] tlsInTransaction;
  final byte[] startTlsSyntax;
  final byte[] authRequired;
  final byte[] authNeedsTls;
  final byte[] authFailed;
  final byte[] authUnknownMechanism;
  final byte[] authAlready;
  final byte[] authInTransaction;
  final byte[] authNotEnabled;
  final byte[] authCancelled;
  final byte[] authMalformed;
  final byte[] authSyntax;
  final byte[] waitingForQuit;
  final byte[] timeout;
  final byte[] tooManyConnections;
  final byte[] tooManyConnectionsFromAddress;
  final byte[] tooManyAuthFailures;
  final byte[] shuttingDown;
  final byte[] internalError;
  final byte[] storeFailed;

  Replies(SinkConfig config) {
    this.enhanced = config.extensions().contains(Extension.ENHANCED_STATUS_CODES);
    String host = config.hostname();
    greeting = raw(220, config.greeting());
    helo = raw(250, host);
    ok = line(250, "2.0.0 Ok");
    mailOk = line(250, "2.1.0 Ok");
    rcptOk = line(250, "2.1.5 Ok");
    dataGo = raw(354, "End data with <CR><LF>.<CR><LF>");
    queued = line(250, "2.0.0 Ok: queued");
    bye = line(221, "2.0.0 Bye");
    vrfy = line(252, "2.0.0 Cannot VRFY user, but will accept message and attempt delivery");
    help = line(214, "2.0.0 Sluice sink: see RFC 5321");
    startTlsGo = line(220, "2.0.0 Ready to start TLS");
    authOk = line(235, "2.7.0 Authentication successful");
    unknownCommand = line(500, "5.5.2 Error: command not recognized");
    notImplemented = line(502, "5.5.1 Error: command not implemented");
    emptyLine = line(500, "5.5.2 Error: bad syntax");
    needHelo = line(503, "5.5.1 Error: send HELO/EHLO first");
    nestedMail = line(503, "5.5.1 Error: nested MAIL command");
    needMail = line(503, "5.5.1 Error: need MAIL command");
    needRecipients = line(554, "5.5.1 Error: no valid recipients");
    tooManyRecipients = line(452, "4.5.3 Error: too many recipients");
    tooBig = line(552, "5.3.4 Error: message too big");
    declaredTooBig = line(552, "5.3.4 Message size exceeds fixed maximum message size");
    mailSyntax = line(501, "5.5.4 Syntax: MAIL FROM:<address>");
    rcptSyntax = line(501, "5.5.4 Syntax: RCPT TO:<address>");
    heloSyntax = line(501, "5.5.4 Syntax: HELO hostname");
    ehloSyntax = line(501, "5.5.4 Syntax: EHLO hostname");
    noArguments = line(501, "5.5.4 Syntax: this command takes no arguments");
    bdatSyntax = line(501, "5.5.4 Syntax: BDAT size [LAST]");
    dataInProgress = line(503, "5.5.1 Error: BDAT in progress");
    lineTooLong = fromCodec(MalformedCommandLine.Problem.TOO_LONG);
    badCharacter = fromCodec(MalformedCommandLine.Problem.BAD_CHARACTER);
    binaryNeedsBdat = line(503, "5.5.1 Error: BODY=BINARYMIME requires BDAT");
    badSender = line(501, "5.1.7 Bad sender address syntax");
    badRecipient = line(501, "5.1.3 Bad recipient address syntax");
    utf8Required = line(553, "5.6.7 Must declare SMTPUTF8 to send unicode address");
    bareLineEnding = line(550, "5.5.2 Error: bare <CR> or <LF> received");
    tlsRequired = line(530, "5.7.0 Must issue a STARTTLS command first");
    tlsActive = line(554, "5.5.1 Error: TLS already active");
    tlsInTransaction = line(503, "5.5.1 Error: MAIL transaction in progress");
    startTlsSyntax = line(501, "5.5.4 Syntax: STARTTLS");
    authRequired = line(530, "5.7.0 Authentication required");
    authNeedsTls = line(538, "5.7.11 Encryption required for requested authentication mechanism");
    authFailed = line(535, "5.7.8 Error: authentication failed");
    authUnknownMechanism = line(504, "5.5.4 Unrecognized authentication type");
    authAlready = line(503, "5.5.1 Error: already authenticated");
    authInTransaction = line(503, "5.5.1 Error: MAIL transaction in progress");
    authNotEnabled = line(503, "5.5.1 Error: authentication not enabled");
    authCancelled = line(501, "5.7.0 Authentication aborted");
    authMalformed = line(501, "5.5.2 Error: invalid base64 data");
    authSyntax = line(501, "5.5.4 Syntax: AUTH mechanism [initial-response]");
    waitingForQuit = line(503, "5.5.1 Error: service refused, send QUIT");
    timeout = line(421, "4.4.2 " + host + " Error: timeout exceeded");
    tooManyConnections = line(421, "4.7.0 " + host + " Error: too many connections");
    tooManyConnectionsFromAddress = line(421, "4.7.0 " + host + " Error: too many connections from your address");
    tooManyAuthFailures = line(421, "4.7.0 " + host + " Error: too many failed authentications");
    shuttingDown = line(421, "4.3.2 " + host + " Service shutting down");
    internalError = line(421, "4.3.0 " + host + " Error: internal error");
    storeFailed = line(451, "4.3.0 Error: could not store the message");
  }

  /** A reply whose text starts with an RFC 3463 code, dropped when the sink does not advertise them. */
  byte[] line(int code, String textWithStatus) {
    return raw(code, enhanced ? textWithStatus : withoutStatus(textWithStatus));
  }

  /** The codec's reply for a line it refused, so that the decoder and the sink never disagree. */
  private byte[] fromCodec(MalformedCommandLine.Problem problem) {
    SmtpReply reply = problem.reply();
    return line(reply.code(), reply.line(0));
  }

  /** {@code 250 2.0.0 Ok: queued as ID}. */
  byte[] queuedAs(String id) {
    return line(250, "2.0.0 Ok: queued as " + id);
  }

  /** {@code 250 2.0.0 Ok: N octets received}, the reply to a BDAT chunk that is not the last. */
  byte[] chunkReceived(long size) {
    return line(250, "2.0.0 Ok: " + size + " octets received");
  }

  /** {@code 555 5.5.4 Unsupported option: NAME} (RFC 5321 4.1.1.11). */
  byte[] unsupportedParameter(String name) {
    return line(555, "5.5.4 Unsupported option: " + name);
  }

  /** {@code 501 5.5.4 Bad NAME value}. */
  byte[] badParameterValue(String name) {
    return line(501, "5.5.4 Bad " + name + " parameter value");
  }

  /** {@code 334 CHALLENGE}: always with the space, even when empty (RFC 4954 4). */
  static byte[] challenge(String base64) {
    return ("334 " + base64 + "\r\n").getBytes(StandardCharsets.US_ASCII);
  }

  /** A reply exactly as given; an empty text gives just the code (RFC 5321 4.2). */
  static byte[] raw(int code, String text) {
    return ((text.isEmpty() ? Integer.toString(code) : code + " " + text) + "\r\n").getBytes(StandardCharsets.UTF_8);
  }

  private static String withoutStatus(String text) {
    int sp = text.indexOf(' ');
    String first = sp < 0 ? text : text.substring(0, sp);
    boolean status = first.length() >= 5 && first.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'))
        && first.chars().filter(c -> c == '.').count() == 2;
    return !status ? text : sp < 0 ? "" : text.substring(sp + 1);
  }
}
