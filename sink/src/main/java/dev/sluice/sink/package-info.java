/**
 * An embeddable SMTP server ("sink") for tests, benchmarks and the CLI's embedded default.
 *
 * <p>Must never depend on the client ({@code dev.sluice.client}); it speaks SMTP through the codec
 * only, so that it is an independent peer for the client's tests.
 */
package dev.sluice.sink;
