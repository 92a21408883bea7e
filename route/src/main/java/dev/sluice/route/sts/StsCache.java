package dev.sluice.route.sts;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * MTA-STS policies by domain, until their {@code max_age} runs out (RFC 8461 §5.1), kept in a JSON
 * file when one is given: loaded when the cache is made, written after each change on a thread of
 * its own (never on an event loop), to a temporary file moved over the old one so that a crash
 * leaves either the old or the new file. A policy is stored as fetched and parsed again on load.
 */
public final class StsCache implements AutoCloseable {

  /** One domain's policy. */
  public record Entry(String domain, String id, StsPolicy policy, Instant fetchedAt, Instant expiresAt) {}

  /** The file's form of an entry. */
  private record Stored(String domain, String id, String policy, long fetchedAt, long expiresAt) {}

  private static final System.Logger LOG = System.getLogger("dev.sluice.route.sts");

  private final Path file;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final ExecutorService writer;
  private final AtomicBoolean dirty = new AtomicBoolean();
  private final ObjectMapper json = new ObjectMapper();

  public StsCache(Path file) {
    this.file = file;
    this.writer = file == null ? null : Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "sluice-sts-cache");
      t.setDaemon(true);
      return t;
    });
    if (file != null && Files.exists(file)) {
      load();
    }
  }

  private void load() {
    try {
      List<Stored> stored = json.readValue(file.toFile(), new TypeReference<List<Stored>>() {});
      Instant now = Instant.now();
      for (Stored s : stored) {
        Instant expires = Instant.ofEpochSecond(s.expiresAt());
        if (expires.isAfter(now)) {
          entries.put(s.domain(), new Entry(s.domain(), s.id(), StsPolicy.parse(s.policy()),
              Instant.ofEpochSecond(s.fetchedAt()), expires));
        }
      }
    } catch (IOException | RuntimeException e) {
      // A damaged cache is not fatal: policies are fetched again (the protection of the lost ones is gone).
      LOG.log(System.Logger.Level.WARNING, "ignoring the MTA-STS cache " + file + ": " + e.getMessage());
    }
  }

  /** The unexpired policy of {@code domain}, or null. */
  public Entry get(String domain) {
    Entry e = entries.get(domain);
    if (e != null && !e.expiresAt().isAfter(Instant.now())) {
      entries.remove(domain, e);
      save();
      return null;
    }
    return e;
  }

  public void put(Entry e) {
    entries.put(e.domain(), e);
    save();
  }

  /** Every entry now (expired ones included until looked up). */
  public List<Entry> entries() {
    return new ArrayList<>(entries.values());
  }

  private void save() {
    if (writer == null || !dirty.compareAndSet(false, true)) {
      return; // a write is already queued and will include this change
    }
    writer.execute(() -> {
      dirty.set(false);
      List<Stored> out = new ArrayList<>();
      entries.values().forEach(e -> out.add(new Stored(e.domain(), e.id(), e.policy().text(),
          e.fetchedAt().getEpochSecond(), e.expiresAt().getEpochSecond())));
      try {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempFile(parent, ".mta-sts", ".tmp");
        json.writeValue(tmp.toFile(), out);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        LOG.log(System.Logger.Level.WARNING, "cannot write the MTA-STS cache " + file + ": " + e.getMessage());
      }
    });
  }

  /** Writes what is pending and stops the writer thread. */
  @Override
  public void close() {
    if (writer != null) {
      writer.shutdown();
      try {
        writer.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
