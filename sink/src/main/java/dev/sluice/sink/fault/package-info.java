/**
 * Fault injection for the sink: what can go wrong ({@link dev.sluice.sink.fault.FaultAction}),
 * where ({@link dev.sluice.sink.fault.SmtpStep}), how often ({@link dev.sluice.sink.fault.Fault}),
 * the {@code --fault} spec language ({@link dev.sluice.sink.fault.FaultSpec}) and scripted
 * dialogues ({@link dev.sluice.sink.fault.Script}) — so that clients can be tested against the
 * failures real servers produce, reproducibly (seeded random draws).
 *
 * <p>Must never block or sleep: a delay is a decision here and a task scheduled on the
 * connection's event loop by the session. Must never make the sink claim success it did not
 * have: injected replies are 4xx/5xx only.
 */
package dev.sluice.sink.fault;
