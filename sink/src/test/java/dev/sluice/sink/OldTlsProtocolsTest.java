package dev.sluice.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sink that accepts only TLSv1.1 (for clients' tests against old servers). The JDK disables TLSv1
 * and TLSv1.1 JVM-wide through {@code jdk.tls.disabledAlgorithms}, so this runs in a JVM of its own
 * with that property lifted: the recipe a test suite that needs such a sink must follow too.
 */
class OldTlsProtocolsTest {

  @Test
  void servesOnlyTlsV11WhenTheJvmAllowsIt(@TempDir Path dir) throws Exception {
    Path security = Files.writeString(dir.resolve("old-tls.security"),
        "jdk.tls.disabledAlgorithms=SSLv3, RC4, DES, MD5withRSA, DH keySize < 1024, EC keySize < 224, "
            + "3DES_EDE_CBC, anon, NULL\n");
    String java = ProcessHandle.current().info().command().orElse("java");
    Process probe = new ProcessBuilder(java, "-Djava.security.properties=" + security,
        "-cp", System.getProperty("java.class.path"), OldTlsProbe.class.getName(), "TLSv1.1", "TLSv1.2")
        .redirectErrorStream(true).start();

    String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(probe.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(output).contains("TLSv1.1 -> TLSv1.1 250", "TLSv1.2 -> refused");
  }
}
