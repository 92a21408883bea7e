/**
 * An embeddable SMTP server ("sink") for tests, benchmarks and the CLI's embedded default:
 * {@link dev.sluice.sink.SmtpSink}, its builder, its configuration and what it records
 * ({@link dev.sluice.sink.StoredMessage}, {@link dev.sluice.sink.SinkCounters}).
 *
 * <p>Must never depend on the client ({@code dev.sluice.client}); it speaks SMTP through the codec
 * only, so that it is an independent peer for the client's tests. Must never block an event loop,
 * and never claim to have accepted a message it did not keep.
 */
package dev.sluice.sink;
