package dev.sluice.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.sink.SmtpSink;
import dev.sluice.sink.StoredMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/**
 * A user's Maven project outside the reactor (src/test/resources/consumer) that depends on
 * sluice-bom, sluice-core and sluice-jakarta and sends with {@code Transport.send} through the
 * sluice provider to a sink started here.
 *
 * <p>Its local repository is private (target/consumer/repository) and holds this build's own
 * artifacts, copied from the modules' target folders (never installed into the shared ~/.m2);
 * everything else (Netty, Jakarta Mail, the plugins) comes from ~/.m2 read as a file:// mirror, so
 * the run needs no network. It runs in every {@code mvn -B verify} (about 10 s here; the nested
 * Maven is offline); {@code -Dsluice.outOfReactor=false} skips it. Needs {@code mvn} on the PATH
 * and the modules packaged, as they are in the reactor's verify.
 */
@DisabledIfSystemProperty(named = "sluice.outOfReactor", matches = "false")
class OutOfReactorTest {

  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
  private static final Path WORK = Path.of("target", "consumer").toAbsolutePath();

  @Test
  void aProjectWithOnlyTheLocalRepositorySendsThroughTheProvider() throws Exception {
    String version = System.getProperty("sluice.version", projectVersion());
    deleteRecursively(WORK);
    Path repo = WORK.resolve("repository");
    install(repo, "sluice-parent", version, ROOT.resolve("pom.xml"), null);
    install(repo, "sluice-bom", version, ROOT.resolve("bom/pom.xml"), null);
    for (String module : List.of("codec", "core", "jakarta")) {
      String artifact = "sluice-" + module;
      Path jar = ROOT.resolve(module).resolve("target").resolve(artifact + "-" + version + ".jar");
      assertThat(jar).as("package the modules first (-am)").exists();
      install(repo, artifact, version, ROOT.resolve(module).resolve("pom.xml"), jar);
    }
    Path project = WORK.resolve("project");
    copyTree(Path.of("src/test/resources/consumer").toAbsolutePath(), project);
    Map<String, String> values = Map.of("@sluice.version@", version, "@junit.version@", prop("junit.version"),
        "@resources-plugin.version@", prop("resources-plugin.version"), "@compiler-plugin.version@",
        prop("compiler-plugin.version"), "@surefire-plugin.version@", prop("surefire-plugin.version"));
    String pom = Files.readString(project.resolve("pom.xml"));
    for (Map.Entry<String, String> e : values.entrySet()) {
      pom = pom.replace(e.getKey(), e.getValue());
    }
    Files.writeString(project.resolve("pom.xml"), pom);
    Path settings = WORK.resolve("settings.xml");
    Files.writeString(settings, """
        <settings>
          <mirrors>
            <mirror><id>user-cache</id><mirrorOf>*</mirrorOf><url>%s</url></mirror>
          </mirrors>
        </settings>
        """.formatted(Path.of(System.getProperty("user.home"), ".m2", "repository").toUri()));

    try (SmtpSink sink = SmtpSink.builder().bind("127.0.0.1").port(0).inMemory().start()) {
      Process mvn = new ProcessBuilder("mvn", "-B", "-q", "-s", settings.toString(),
          "-Dmaven.repo.local=" + repo, "-Dsink.port=" + sink.port(), "test")
          .directory(project.toFile()).redirectErrorStream(true)
          .redirectOutput(WORK.resolve("mvn.log").toFile()).start();
      boolean ended = mvn.waitFor(5, TimeUnit.MINUTES);
      if (!ended) {
        mvn.destroyForcibly();
      }
      assertThat(mvn.exitValue()).as("nested mvn failed, see %s:%n%s", WORK.resolve("mvn.log"),
          Files.readString(WORK.resolve("mvn.log"))).isZero();
      StoredMessage got = sink.awaitMessages(1, Duration.ofSeconds(10)).get(0);
      assertThat(got.from()).isEqualTo("consumer@example.com");
      assertThat(got.dataAsString()).contains("Subject: out-of-reactor");
    }
    try (Stream<Path> ours = Files.walk(repo.resolve("dev/sluice"))) {
      assertThat(ours.filter(p -> p.toString().endsWith(".jar")).map(p -> p.getFileName().toString()))
          .contains("sluice-core-" + version + ".jar", "sluice-jakarta-" + version + ".jar");
    }
  }

  /** Lays one artifact out as a local repository does (no _remote.repositories: installed locally). */
  private static void install(Path repo, String artifact, String version, Path pom, Path jar) throws IOException {
    Path dir = repo.resolve("dev/sluice").resolve(artifact).resolve(version);
    Files.createDirectories(dir);
    Files.copy(pom, dir.resolve(artifact + "-" + version + ".pom"), StandardCopyOption.REPLACE_EXISTING);
    if (jar != null) {
      Files.copy(jar, dir.resolve(artifact + "-" + version + ".jar"), StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static String projectVersion() throws IOException {
    String pom = Files.readString(ROOT.resolve("bom/pom.xml"));
    int start = pom.indexOf("<version>") + "<version>".length();
    return pom.substring(start, pom.indexOf("</version>", start)).trim();
  }

  /** A version from the parent pom's properties (so the consumer uses plugins already in ~/.m2). */
  private static String prop(String name) throws IOException {
    String pom = Files.readString(ROOT.resolve("pom.xml"));
    String open = "<" + name + ">";
    int start = pom.indexOf(open) + open.length();
    return pom.substring(start, pom.indexOf("</" + name + ">", start)).trim();
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> {
        try {
          Files.delete(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }
}
