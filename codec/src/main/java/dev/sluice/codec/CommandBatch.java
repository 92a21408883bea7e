package dev.sluice.codec;

import io.netty.handler.codec.smtp.SmtpRequest;
import java.util.List;

/**
 * Several commands written as one message, encoded into one buffer: a pipelined group (RFC 2920)
 * such as MAIL, RCPT×n, DATA costs one pass through the pipeline and one buffer instead of one per
 * command.
 */
public record CommandBatch(List<SmtpRequest> requests) {

  public CommandBatch {
    requests = List.copyOf(requests);
  }
}
