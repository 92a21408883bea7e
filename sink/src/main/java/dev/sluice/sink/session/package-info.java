/**
 * The sink's SMTP server side, one connection at a time: the pipeline set-up, the session state
 * machine, the command handlers, the reply queue that batches writes per read, and the counters.
 * Public only so that {@link dev.sluice.sink.SmtpSink} can wire it; not an API.
 *
 * <p>Must never block or sleep on an event loop, never put an exception or stack trace on the
 * wire, never execute a command that arrived in cleartext behind STARTTLS, and never hold a
 * buffer past the connection's end (tests run with paranoid leak detection).
 */
package dev.sluice.sink.session;
