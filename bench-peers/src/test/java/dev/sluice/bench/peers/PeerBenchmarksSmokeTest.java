package dev.sluice.bench.peers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Keeps the other clients' benchmarks compiling and running in {@code mvn verify}, as
 * {@code bench}'s BenchmarksSmokeTest does for Sluice's: every benchmark once, in this JVM, for a
 * tenth of a second, every connection count and size, against {@link LineSink} (so without TLS:
 * the STARTTLS variants run only in real runs, against Sluice's sink). The numbers mean nothing.
 */
class PeerBenchmarksSmokeTest {

  private static final String PACKAGE = "dev\\.sluice\\.bench\\.peers\\.";

  @Test
  void everyPeerBenchmarkRunsOnceAgainstASink() throws Exception {
    try (LineSink sink = new LineSink()) {
      System.setProperty(PeerSink.ADDRESS_PROPERTY, "127.0.0.1:" + sink.port());
      Options options = new OptionsBuilder()
          .include(PACKAGE + ".*")
          .param("tls", "none")
          .forks(0)
          .warmupIterations(1)
          .warmupTime(TimeValue.milliseconds(50))
          .measurementIterations(1)
          .measurementTime(TimeValue.milliseconds(100))
          .shouldFailOnError(true)
          .verbosity(VerboseMode.SILENT)
          .build();

      Collection<RunResult> results = new Runner(options).run();

      Set<String> ran = results.stream().map(r -> r.getParams().getBenchmark())
          .collect(Collectors.toCollection(TreeSet::new));
      assertThat(ran).isEqualTo(allBenchmarks());
      assertThat(results).allSatisfy(r -> assertThat(r.getPrimaryResult().getScore())
          .as(r.getParams().id()).isPositive());
      assertThat(sink.messages()).isPositive();
    } finally {
      System.clearProperty(PeerSink.ADDRESS_PROPERTY);
    }
  }

  private static Set<String> allBenchmarks() {
    return BenchmarkList.defaultList()
        .find(OutputFormatFactory.createFormatInstance(System.out, VerboseMode.SILENT), List.of(PACKAGE + ".*"),
            List.of())
        .stream().map(BenchmarkListEntry::getUsername).collect(Collectors.toCollection(TreeSet::new));
  }
}
