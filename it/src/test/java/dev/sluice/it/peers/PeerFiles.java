package dev.sluice.it.peers;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** File chores of the peers: private folders, owners, resources, log tails, short commands. */
final class PeerFiles {

  private PeerFiles() {}

  /**
   * The folder under which every instance gets its private directory: {@code SLUICE_PEERS_TMP} or
   * {@code -Dsluice.peers.tmp}, else {@code /tmp}. Not {@code java.io.tmpdir}: the servers' own users
   * must be able to traverse the path, and UNIX socket paths must stay short.
   */
  static Path baseDirectory() {
    String env = System.getenv("SLUICE_PEERS_TMP");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    String property = System.getProperty("sluice.peers.tmp");
    if (property != null && !property.isBlank()) {
      return Path.of(property);
    }
    Path tmp = Path.of("/tmp");
    return Files.isDirectory(tmp) ? tmp : Path.of(System.getProperty("java.io.tmpdir"));
  }

  /** True when instance directories are kept after close ({@code SLUICE_PEERS_KEEP=true}). */
  static boolean keepDirectories() {
    return "true".equalsIgnoreCase(System.getenv("SLUICE_PEERS_KEEP"))
        || Boolean.getBoolean("sluice.peers.keep");
  }

  /** A new private directory {@code sluice-<name>-<random>}, mode 0755 so daemons can traverse it. */
  static Path createInstanceDirectory(String name) throws IOException {
    Path dir = Files.createTempDirectory(baseDirectory(), "sluice-" + name + "-");
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    return dir;
  }

  static Path mkdirs(Path dir, String permissions) throws IOException {
    Files.createDirectories(dir);
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(permissions));
    return dir;
  }

  static Path chmod(Path path, String permissions) throws IOException {
    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
    return path;
  }

  static Path write(Path file, String content, String permissions) throws IOException {
    Files.writeString(file, content, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
    return file;
  }

  /** Changes owner and group of {@code path} (and of everything below it when {@code recursive}). */
  static void chown(Path path, String user, String group, boolean recursive) throws IOException {
    UserPrincipalLookupService lookup = path.getFileSystem().getUserPrincipalLookupService();
    var owner = lookup.lookupPrincipalByName(user);
    GroupPrincipal groupPrincipal = lookup.lookupPrincipalByGroupName(group);
    List<Path> paths = new ArrayList<>();
    if (recursive) {
      try (var walk = Files.walk(path)) {
        walk.forEach(paths::add);
      }
    } else {
      paths.add(path);
    }
    for (Path p : paths) {
      PosixFileAttributeView view = Files.getFileAttributeView(p, PosixFileAttributeView.class);
      view.setOwner(owner);
      view.setGroup(groupPrincipal);
    }
  }

  /** Copies a classpath resource (e.g. {@code /peers/aiosmtpd_peer.py}) to {@code target}. */
  static Path copyResource(String resource, Path target) throws IOException {
    try (InputStream in = PeerFiles.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("resource " + resource + " not on the test classpath");
      }
      Files.copy(in, target);
    }
    return target;
  }

  /** The last {@code lines} lines of a text file, or a note that it does not exist (yet). */
  static String tail(Path file, int lines) {
    if (!Files.isRegularFile(file)) {
      return "(" + file + " does not exist)";
    }
    try {
      List<String> all = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
      List<String> last = all.subList(Math.max(0, all.size() - lines), all.size());
      return last.isEmpty() ? "(" + file + " is empty)" : String.join("\n", last);
    } catch (IOException e) {
      return "(" + file + " unreadable: " + e + ")";
    }
  }

  /** Deletes a directory tree; quietly ignores what has vanished meanwhile. */
  static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try {
      Files.walkFileTree(root, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.deleteIfExists(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException exc) {
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
          Files.deleteIfExists(dir);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("could not delete " + root, e);
    }
  }

  /** The result of a short command: exit code and combined output. */
  record Result(int exitCode, String output) {}

  /** Runs a short command to completion (bounded), returning exit code and output. */
  static Result run(Path workDir, long timeoutSeconds, List<String> command) throws IOException {
    Path out = Files.createTempFile(workDir, ".cmd-", ".out");
    try {
      Process p = new ProcessBuilder(command).directory(workDir.toFile())
          .redirectErrorStream(true).redirectOutput(out.toFile()).start();
      p.getOutputStream().close();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(5, TimeUnit.SECONDS);
        return new Result(-1, "timed out after " + timeoutSeconds + " s: " + command + "\n"
            + Files.readString(out, StandardCharsets.ISO_8859_1));
      }
      return new Result(p.exitValue(), Files.readString(out, StandardCharsets.ISO_8859_1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running " + command, e);
    } finally {
      Files.deleteIfExists(out);
    }
  }
}
