/**
 * The sink as a JUnit 5 test library: {@link dev.sluice.sink.junit.SmtpSinkExtension} starts an
 * in-memory sink for a test class (or each test), clears it before every test, waits for messages,
 * and hands them out as {@link dev.sluice.sink.junit.ReceivedMessage}s that Jakarta Mail parses on
 * demand.
 *
 * <p>Why a module of its own: the sink itself is also the CLI's and the benchmarks' server and must
 * not carry JUnit or a MIME parser; a user adds this artifact in test scope and gets both. What it
 * must never do: parse a message before it is asked to (the raw bytes stay exactly as received),
 * or leave a sink running after its test.
 */
package dev.sluice.sink.junit;
