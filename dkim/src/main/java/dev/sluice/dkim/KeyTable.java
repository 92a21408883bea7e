package dev.sluice.dkim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which keys sign for which From domain. The file has one {@code domain selector keyfile} line per
 * key ({@code #} starts a comment; a relative key file is found next to the table). Two lines for
 * one domain — an RSA and an Ed25519 key, say — give every message of that domain two signatures
 * (RFC 8463 §4 recommends both while verifiers without Ed25519 remain).
 *
 * <p>Every key is read and checked when the table is loaded, so a bad key file stops a run before
 * anything is sent. A From domain with no line of its own uses the keys of its nearest parent in
 * the table (news.example.com signs as example.com, which DMARC's relaxed alignment accepts).
 */
public final class KeyTable {

  private final Map<String, List<DkimKey>> byDomain;

  private KeyTable(Map<String, List<DkimKey>> byDomain) {
    this.byDomain = byDomain;
  }

  /** A table of the given keys. */
  public static KeyTable of(List<DkimKey> keys) {
    Map<String, List<DkimKey>> map = new LinkedHashMap<>();
    for (DkimKey k : keys) {
      List<DkimKey> list = map.computeIfAbsent(k.domain(), d -> new ArrayList<>());
      for (DkimKey other : list) {
        if (other.selector().equals(k.selector())) {
          throw new DkimException(DkimException.Problem.BAD_KEY_TABLE, "two keys for selector " + k.selector()
              + " of " + k.domain() + "; a selector names one key");
        }
      }
      list.add(k);
    }
    if (map.isEmpty()) {
      throw new DkimException(DkimException.Problem.BAD_KEY_TABLE, "the key table has no keys");
    }
    map.replaceAll((d, l) -> List.copyOf(l));
    return new KeyTable(map);
  }

  /** Reads a key table file and every key it names. */
  public static KeyTable read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new DkimException(DkimException.Problem.BAD_KEY_TABLE, "cannot read the key table " + file + ": "
          + e.getMessage(), e);
    }
    Path dir = file.toAbsolutePath().getParent();
    List<DkimKey> keys = new ArrayList<>();
    for (int n = 0; n < lines.size(); n++) {
      String line = lines.get(n);
      int hash = line.indexOf('#');
      String content = (hash >= 0 ? line.substring(0, hash) : line).strip();
      if (content.isEmpty()) {
        continue;
      }
      String[] parts = content.split("\\s+");
      if (parts.length != 3) {
        throw new DkimException(DkimException.Problem.BAD_KEY_TABLE, file + " line " + (n + 1)
            + ": expected \"domain selector keyfile\", found " + parts.length + " field(s)");
      }
      Path keyFile = dir.resolve(parts[2]);
      try {
        keys.add(DkimKey.of(parts[0], parts[1], PemKeys.read(keyFile)));
      } catch (DkimException e) {
        throw new DkimException(e.problem(), file + " line " + (n + 1) + ": " + e.getMessage(), e);
      }
    }
    try {
      return of(keys);
    } catch (DkimException e) {
      throw new DkimException(e.problem(), file + ": " + e.getMessage(), e);
    }
  }

  /** The keys that sign for {@code fromDomain}: its own, or its nearest parent's in the table. */
  public List<DkimKey> keysFor(String fromDomain) {
    String d = fromDomain.toLowerCase(Locale.ROOT);
    while (true) {
      List<DkimKey> keys = byDomain.get(d);
      if (keys != null) {
        return keys;
      }
      int dot = d.indexOf('.');
      if (dot < 0) {
        throw new DkimException(DkimException.Problem.NO_KEY_FOR_DOMAIN, "no DKIM key for the From domain "
            + fromDomain + " (the key table has " + String.join(", ", byDomain.keySet())
            + "); add a line for it or send from a domain in the table");
      }
      d = d.substring(dot + 1);
    }
  }

  public List<String> domains() {
    return List.copyOf(byDomain.keySet());
  }
}
