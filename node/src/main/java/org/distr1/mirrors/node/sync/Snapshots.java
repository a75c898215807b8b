package org.distr1.mirrors.node.sync;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.distr1.mirrors.shared.files.AtomicFiles;
import org.distr1.mirrors.shared.freshness.FreshnessFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The on-disk layout {@code <root>/snapshots/<id>/} with {@code <root>/current -> snapshots/<id>}.
 * A sync fills {@code snapshots/<id>.partial}, which is renamed and then published by replacing the
 * {@code current} symlink with one rename — readers that resolved {@code current} keep reading
 * their snapshot until the grace period has passed. When a snapshot is retired that time is written
 * beside it ({@code snapshots/<id>.retired}), so that whichever process runs next (the server, or
 * the one-shot {@code sync} command from cron) removes it once the grace period is over. Not
 * thread-safe: only the sync thread changes the layout.
 */
final class Snapshots {

  private static final Logger LOG = LoggerFactory.getLogger(Snapshots.class);
  private static final String PARTIAL = ".partial";
  private static final String RETIRED = ".retired";
  private static final DateTimeFormatter ID =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final Path root;
  private final Path snapshots;
  private final Path current;
  private final Map<String, Instant> retiredAt = new HashMap<>();

  Snapshots(Path root) {
    this.root = root;
    this.snapshots = root.resolve("snapshots");
    this.current = root.resolve("current");
  }

  /** Creates the layout and removes partial snapshots a crashed node left behind. */
  void open(Instant now) throws IOException {
    Files.createDirectories(snapshots);
    try (var entries = Files.list(snapshots)) {
      for (Path entry : (Iterable<Path>) entries::iterator) {
        String name = entry.getFileName().toString();
        if (name.endsWith(PARTIAL)) {
          LOG.info("removing unfinished snapshot {}", name);
          delete(entry);
        } else if (name.endsWith(RETIRED)) {
          if (!Files.isDirectory(dir(name.substring(0, name.length() - RETIRED.length())))) {
            Files.delete(entry); // its snapshot was removed just before a crash
          }
        } else if (!currentId().map(name::equals).orElse(false)) {
          // retired by an earlier process, or a stranger: its grace period starts now if unrecorded
          retiredAt.put(name, recordedRetirement(name).orElseGet(() -> retire(name, now)));
        }
      }
    }
  }

  /** The published snapshot's id, if any. */
  Optional<String> currentId() throws IOException {
    try {
      return Optional.of(Files.readSymbolicLink(current).getFileName().toString());
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  /** The published snapshot's directory, if any (and if nobody removed it by hand). */
  Optional<Path> currentDir() throws IOException {
    return currentId().map(snapshots::resolve).filter(Files::isDirectory);
  }

  Path dir(String id) {
    return snapshots.resolve(id);
  }

  /** A new, empty directory for a sync that started at {@code start}; returns its id. */
  String createPartial(Instant start) throws IOException {
    String base = ID.format(start);
    String id = base;
    for (int n = 2; Files.exists(dir(id)) || Files.exists(partial(id)); n++) {
      id = base + "-" + n;
    }
    Files.createDirectory(partial(id));
    return id;
  }

  Path partial(String id) {
    return snapshots.resolve(id + PARTIAL);
  }

  /**
   * Removes a failed sync's directory. A killed rsync's receiver process may still be writing into
   * it for a moment (it exits when it notices its parent is gone), so a delete that races with it
   * is repeated.
   */
  void discard(String id) throws IOException {
    for (int attempt = 1; ; attempt++) {
      try {
        delete(partial(id));
        return;
      } catch (IOException e) {
        if (attempt == 5) {
          throw e;
        }
      }
    }
  }

  /** Makes snapshot {@code id} the one served, atomically, and durable on disk. */
  void publish(String id, Instant now) throws IOException {
    Optional<String> previous = currentId();
    Files.move(partial(id), dir(id), StandardCopyOption.ATOMIC_MOVE);
    Path link = root.resolve(".current-" + UUID.randomUUID());
    Files.createSymbolicLink(link, root.relativize(dir(id)));
    try {
      Files.move(link, current, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(link);
    }
    FreshnessFile.fsyncDirectory(snapshots);
    FreshnessFile.fsyncDirectory(root);
    previous.ifPresent(old -> retiredAt.put(old, retire(old, now)));
  }

  private Path retiredMarker(String id) {
    return snapshots.resolve(id + RETIRED);
  }

  /** Records when {@code id} stopped being served; returns that time. */
  private Instant retire(String id, Instant now) {
    try {
      AtomicFiles.replace(retiredMarker(id), (now + "\n").getBytes(StandardCharsets.US_ASCII));
    } catch (IOException e) {
      // this process still removes it; a later one would give it a new grace period
      LOG.warn("cannot record when snapshot {} was retired: {}", id, e.toString());
    }
    return now;
  }

  private Optional<Instant> recordedRetirement(String id) {
    try {
      return Optional.of(
          Instant.parse(Files.readString(retiredMarker(id), StandardCharsets.US_ASCII).strip()));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException | DateTimeParseException e) {
      LOG.warn("unreadable {}: {}", retiredMarker(id), e.toString());
      return Optional.empty();
    }
  }

  /** Removes snapshots retired longer than {@code grace} ago; returns how many. */
  int prune(Instant now, Duration grace) throws IOException {
    int removed = 0;
    for (var it = retiredAt.entrySet().iterator(); it.hasNext(); ) {
      var retired = it.next();
      if (!retired.getValue().plus(grace).isAfter(now)) {
        LOG.info("removing snapshot {}, retired at {}", retired.getKey(), retired.getValue());
        delete(dir(retired.getKey()));
        Files.deleteIfExists(retiredMarker(retired.getKey()));
        it.remove();
        removed++;
      }
    }
    return removed;
  }

  /** Deletes a tree, making read-only directories (copied from upstream) writable first. */
  private static void delete(Path tree) throws IOException {
    if (!Files.exists(tree, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Files.walkFileTree(
        tree,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
              throws IOException {
            var perms = Files.getPosixFilePermissions(dir);
            if (!perms.contains(PosixFilePermission.OWNER_WRITE)
                || !perms.contains(PosixFilePermission.OWNER_EXECUTE)) {
              perms.add(PosixFilePermission.OWNER_WRITE);
              perms.add(PosixFilePermission.OWNER_EXECUTE);
              try {
                Files.setPosixFilePermissions(dir, perms);
              } catch (AccessDeniedException e) {
                // deleting will fail below with a clear message
              }
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
            if (e != null) {
              throw e;
            }
            Files.delete(dir);
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
