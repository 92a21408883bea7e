package dev.sluice.codec;

import io.netty.handler.codec.smtp.SmtpCommand;
import io.netty.handler.codec.smtp.SmtpRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * MAIL FROM or RCPT TO: a path and its ESMTP parameters, already validated. The encoder writes it
 * without building the {@code "FROM:<...>"} string that {@link #parameters()} returns.
 */
record PathCommand(SmtpCommand command, String prefix, String path, List<String> esmtp)
    implements SmtpRequest {

  @Override
  public List<CharSequence> parameters() {
    List<CharSequence> all = new ArrayList<>(1 + esmtp.size());
    all.add(prefix + "<" + path + ">");
    all.addAll(esmtp);
    return Collections.unmodifiableList(all);
  }

  @Override
  public String toString() {
    return command.name() + " " + String.join(" ", parameters());
  }
}
