package dev.sluice.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Keeps the benchmarks compiling and running in {@code mvn verify}: every benchmark of this module
 * runs once, in this JVM (so with the build's leak detection at PARANOID: a benchmark that leaks a
 * buffer fails here), for a tenth of a second. Every parameter combination
 * runs (about 5 s in all). The numbers mean nothing; real runs are described in
 * {@code bench/README.md}.
 */
class BenchmarksSmokeTest {

  private static final String PACKAGE = "dev\\.sluice\\.bench\\.";

  @Test
  void everyBenchmarkRunsOnceWithoutErrorsOrLeaks() throws RunnerException {
    Options options = new OptionsBuilder()
        .include(PACKAGE + ".*")
        .forks(0)
        .warmupIterations(1)
        .warmupTime(TimeValue.milliseconds(50))
        .measurementIterations(1)
        .measurementTime(TimeValue.milliseconds(100))
        .shouldFailOnError(true)
        .verbosity(VerboseMode.SILENT)
        .build();

    Collection<RunResult> results = new Runner(options).run();

    Set<String> ran = results.stream()
        .map(r -> r.getParams().getBenchmark())
        .collect(Collectors.toCollection(TreeSet::new));
    assertThat(ran).isEqualTo(allBenchmarks());
    assertThat(results).allSatisfy(r -> assertThat(r.getPrimaryResult().getScore())
        .as(r.getParams().id()).isPositive());
  }

  private static Set<String> allBenchmarks() {
    return BenchmarkList.defaultList()
        .find(OutputFormatFactory.createFormatInstance(System.out, VerboseMode.SILENT),
            java.util.List.of(PACKAGE + ".*"), java.util.List.of())
        .stream()
        .map(BenchmarkListEntry::getUsername)
        .collect(Collectors.toCollection(TreeSet::new));
  }
}
