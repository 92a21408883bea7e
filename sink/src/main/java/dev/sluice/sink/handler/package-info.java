/**
 * The sink's message-handler SPI: user code that decides, per recipient (at RCPT TO) and per
 * message (at the end of the data), whether the sink accepts, refuses with a given reply, or
 * answers after a delay; and ready-made handlers that answer like the big mailbox providers do
 * ({@link dev.sluice.sink.handler.ProviderProfile}), so that bulk senders can test their retry
 * logic against realistic replies.
 *
 * <p>Why it exists: a test sink that only ever says 250 cannot exercise a sender's error paths.
 * What it must never do: block an event loop (handlers are called on it; a delay is a scheduled
 * reply, never a sleep), or let a handler's reply text carry CR/LF into the protocol.
 */
package dev.sluice.sink.handler;
