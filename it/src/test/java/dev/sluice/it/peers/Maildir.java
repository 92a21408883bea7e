package dev.sluice.it.peers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Reads delivered messages from a folder where a server renames each finished file into place (a
 * maildir's {@code new/} and {@code cur/}, or the aiosmtpd peer's store). Files come back in delivery
 * order (modification time, then name).
 */
final class Maildir {

  private static final Duration POLL = Duration.ofMillis(20);

  private Maildir() {}

  /** The delivered message files under the given folders that {@code accept} lets through. */
  static List<Path> files(List<Path> folders, Predicate<Path> accept) {
    record Entry(Path path, FileTime time) {}
    List<Entry> entries = new ArrayList<>();
    for (Path folder : folders) {
      if (!Files.isDirectory(folder)) {
        continue;
      }
      try (Stream<Path> list = Files.list(folder)) {
        for (Path p : (Iterable<Path>) list::iterator) {
          String name = p.getFileName().toString();
          if (name.startsWith(".") || !accept.test(p)) {
            continue;
          }
          try {
            entries.add(new Entry(p, Files.getLastModifiedTime(p)));
          } catch (NoSuchFileException vanished) {
            // deleted meanwhile (clear)
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list " + folder, e);
      }
    }
    entries.sort(Comparator.comparing(Entry::time)
        .thenComparing(e -> e.path().getFileName().toString()));
    return entries.stream().map(Entry::path).toList();
  }

  /**
   * Waits until at least {@code count} files are there, then returns all of them (in order). On
   * timeout throws an {@link AssertionError} with what was found and {@code diagnostics}.
   */
  static List<Path> await(List<Path> folders, Predicate<Path> accept, int count, Duration timeout,
      Supplier<String> diagnostics) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<Path> files = files(folders, accept);
      if (files.size() >= count) {
        return files;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("expected " + count + " delivered message(s) in " + folders
            + " within " + timeout + " but found " + files.size() + "\n" + diagnostics.get());
      }
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for deliveries", e);
      }
    }
  }

  static List<byte[]> readAll(List<Path> files) {
    List<byte[]> contents = new ArrayList<>(files.size());
    for (Path f : files) {
      try {
        contents.add(Files.readAllBytes(f));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read delivered message " + f, e);
      }
    }
    return contents;
  }

  /** Deletes the delivered files (not the folders). */
  static void clear(List<Path> folders) {
    for (Path f : files(folders, p -> true)) {
      try {
        Files.deleteIfExists(f);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot delete " + f, e);
      }
    }
  }
}
