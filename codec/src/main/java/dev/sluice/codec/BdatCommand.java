package dev.sluice.codec;

/**
 * Server side: a well-formed {@code BDAT <size> [LAST]} line (RFC 3030). The decoder has already
 * switched to reading exactly {@code size} octets, which follow as content messages ending with a
 * {@link io.netty.handler.codec.smtp.LastSmtpContent}, whether or not the handler accepts the
 * chunk (RFC 3030 2: the data must be consumed either way).
 */
public record BdatCommand(long size, boolean last) {}
