package dev.sluice.sink.session;

import dev.sluice.sink.AuthMechanism;
import dev.sluice.sink.Extension;
import dev.sluice.sink.SinkConfig;
import dev.sluice.sink.TlsMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** The EHLO reply, encoded once per sink for each of the two TLS states. */
final class EhloReply {

  private EhloReply() {}

  /** The wire form for a connection that is ({@code tlsActive}) or is not encrypted. */
  static byte[] encode(SinkConfig config, boolean tlsActive) {
    List<String> lines = new ArrayList<>();
    lines.add(config.hostname());
    for (Extension e : config.extensions()) {
      if (e == Extension.SIZE) {
        lines.add("SIZE " + config.limits().maxMessageSize());
      } else {
        lines.add(e.keyword());
      }
    }
    if (config.tls().mode() == TlsMode.STARTTLS && !tlsActive) {
      lines.add("STARTTLS");
    }
    if (config.authOffered(tlsActive)) {
      lines.add("AUTH " + config.auth().mechanisms().stream().map(AuthMechanism::name)
          .collect(Collectors.joining(" ")));
    }
    StringBuilder b = new StringBuilder(256);
    for (int i = 0; i < lines.size(); i++) {
      b.append("250").append(i == lines.size() - 1 ? ' ' : '-').append(lines.get(i)).append("\r\n");
    }
    return b.toString().getBytes(StandardCharsets.US_ASCII);
  }
}
