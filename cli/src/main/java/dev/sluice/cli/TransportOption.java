package dev.sluice.cli;

import dev.sluice.client.SmtpClientConfig;
import dev.sluice.client.TransportType;
import picocli.CommandLine.Option;

/**
 * {@code --transport auto|nio|epoll|io_uring}: the client's socket layer, for measuring one against
 * another (bench/README.md, "Loopback against sluice sink"). A {@code @Mixin}; auto (epoll on Linux,
 * else NIO) is what every command uses without it.
 */
final class TransportOption {

  @Option(names = "--transport", paramLabel = "T", defaultValue = "auto",
      converter = Converter.class,
      description = "Client socket layer: auto (epoll on Linux, else NIO), nio, epoll, io_uring (Linux 5.9+).")
  TransportType transport = TransportType.AUTO;

  /** Applies the choice to {@code config} and returns it. */
  SmtpClientConfig.Builder apply(SmtpClientConfig.Builder config) {
    return config.transport(transport);
  }

  /** Accepts the names as users write them (io_uring, io-uring, EPOLL). */
  static final class Converter implements picocli.CommandLine.ITypeConverter<TransportType> {
    @Override
    public TransportType convert(String value) {
      String v = value.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_');
      try {
        return TransportType.valueOf(v);
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.TypeConversionException(
            "'" + value + "' is not a transport: use auto, nio, epoll or io_uring");
      }
    }
  }
}
