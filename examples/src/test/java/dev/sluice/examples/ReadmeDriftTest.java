package dev.sluice.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Fails when README.md and the examples drift: every {@code ```java} block of the README must be,
 * word for word (after removing the common indentation), the regions of one name in the examples'
 * sources ({@code // README:name} … {@code // README:end}, several regions of a name joined in
 * order), and every such snippet must appear in the README.
 */
class ReadmeDriftTest {

  private static final Path MODULE = Path.of("").toAbsolutePath();
  private static final Path README = MODULE.getParent().resolve("README.md");

  @Test
  void everyReadmeJavaBlockIsCompiledExampleCodeAndViceVersa() throws IOException {
    List<String> blocks = readmeBlocks(Files.readString(README));
    Map<String, String> snippets = snippets();
    assertThat(blocks).as("Java blocks in README.md").isNotEmpty();
    for (String block : blocks) {
      assertThat(snippets.values()).as("README block not found in examples/ (update one of them):%n%s", block)
          .contains(block);
    }
    for (Map.Entry<String, String> e : snippets.entrySet()) {
      assertThat(blocks).as("example snippet '%s' is not in README.md:%n%s", e.getKey(), e.getValue())
          .contains(e.getValue());
    }
  }

  static List<String> readmeBlocks(String readme) {
    List<String> blocks = new ArrayList<>();
    List<String> current = null;
    for (String line : readme.split("\n", -1)) {
      if (current == null && line.strip().equals("```java")) {
        current = new ArrayList<>();
      } else if (current != null && line.strip().equals("```")) {
        blocks.add(dedent(current));
        current = null;
      } else if (current != null) {
        current.add(line);
      }
    }
    return blocks;
  }

  static Map<String, String> snippets() throws IOException {
    Map<String, List<String>> lines = new LinkedHashMap<>();
    List<Path> sources;
    try (Stream<Path> files = Files.walk(MODULE.resolve("src"))) {
      sources = files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    }
    for (Path source : sources) {
      Map<String, List<String>> regionsOfFile = new LinkedHashMap<>();
      String name = null;
      for (String line : Files.readAllLines(source)) {
        String t = line.strip();
        if (t.equals("// README:end")) {
          name = null;
        } else if (t.startsWith("// README:")) {
          name = t.substring("// README:".length());
          // a second region of one name: dedent each region on its own, then join
          regionsOfFile.computeIfAbsent(name, n -> new ArrayList<>()).add("\u0000");
        } else if (name != null) {
          regionsOfFile.get(name).add(line);
        }
      }
      regionsOfFile.forEach((n, l) -> lines.computeIfAbsent(n, k -> new ArrayList<>()).addAll(l));
    }
    Map<String, String> out = new LinkedHashMap<>();
    lines.forEach((n, l) -> {
      StringBuilder joined = new StringBuilder();
      List<String> region = new ArrayList<>();
      for (String line : l) {
        if (line.equals("\u0000")) {
          if (!region.isEmpty()) {
            joined.append(dedent(region)).append('\n');
            region.clear();
          }
        } else {
          region.add(line);
        }
      }
      joined.append(dedent(region));
      out.put(n, joined.toString());
    });
    return out;
  }

  static String dedent(List<String> lines) {
    int indent = lines.stream().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length())
        .min().orElse(0);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < lines.size(); i++) {
      String l = lines.get(i);
      b.append(l.isBlank() ? "" : l.substring(Math.min(indent, l.length()))).append(i + 1 < lines.size() ? "\n" : "");
    }
    return b.toString();
  }
}
