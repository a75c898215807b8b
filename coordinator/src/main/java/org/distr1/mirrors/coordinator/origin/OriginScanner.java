package org.distr1.mirrors.coordinator.origin;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.distr1.mirrors.shared.repo.InvalidPathException;
import org.distr1.mirrors.shared.repo.Mutability;
import org.distr1.mirrors.shared.repo.ReleaseIndex;
import org.distr1.mirrors.shared.repo.RepositoryPath;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pass over the rsync module's directory, whose paths are published below {@code /distri/}.
 * Symlinks are followed while they stay inside the tree ({@code master -> <commit>}, the
 * unversioned {@code <name>-amd64.meta.textproto} links); one pointing out, or a loop, is left out
 * and logged once. Whether a path is mutable is derived from the walk ({@link Mutability}): its
 * resolution went through a symlink, or its name carries no version.
 *
 * <p>A file's appearance time is its ctime: rsync and the build host set mtimes, but ctime is when
 * the bytes (or the inode) arrived here, and it survives a coordinator restart, which "first seen"
 * would not. Only the section indexes ({@code meta.binaryproto}) are read, and only when they
 * changed: a mutable path carries its section index's digest ({@link OriginFile#digestPath}).
 */
final class OriginScanner {
  private static final Logger LOG = LoggerFactory.getLogger(OriginScanner.class);
  private static final String NO_INDEX = ReleaseIndex.tagged("no-index");

  /**
   * What a file looked like when scanned; a change of any part means new content. The times are
   * nanoseconds since the epoch ({@link #nanos}): one of these per origin path, and two {@link
   * FileTime} objects were about 80 bytes of it.
   */
  record Entry(OriginFile file, Object inode, long modified, long changed, String ownDigest) {}

  /** A file time as {@link Entry} holds it. */
  static long nanos(FileTime time) {
    return time.to(TimeUnit.NANOSECONDS);
  }

  private final Path root;
  private final Set<String> warned = new HashSet<>();

  OriginScanner(Path root) {
    this.root = root;
  }

  /**
   * @param directories told of every directory walked (to watch it)
   */
  Map<String, Entry> scan(Map<String, Entry> previous, Consumer<Path> directories)
      throws IOException {
    Path realRoot = root.toRealPath();
    Map<String, Entry> entries = new HashMap<>();
    Set<Path> throughLink = new HashSet<>();
    Files.walkFileTree(
        root,
        EnumSet.of(FileVisitOption.FOLLOW_LINKS),
        Integer.MAX_VALUE,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
              throws IOException {
            if (dir.equals(root)) {
              directories.accept(dir);
              return FileVisitResult.CONTINUE;
            }
            if (hidden(dir)) {
              return FileVisitResult.SKIP_SUBTREE;
            }
            if (Files.isSymbolicLink(dir)) {
              if (!inside(dir, realRoot)) {
                return FileVisitResult.SKIP_SUBTREE;
              }
              throughLink.add(dir);
            } else if (throughLink.contains(dir.getParent())) {
              throughLink.add(dir);
            }
            if (!throughLink.contains(dir)) {
              directories.accept(dir); // a linked directory is watched under its own name, once
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            // rsync's temporary ".name.XXXXXX" files are not content yet
            if (!attrs.isRegularFile() || hidden(file)) {
              return FileVisitResult.CONTINUE;
            }
            boolean link = Files.isSymbolicLink(file);
            if (link && !inside(file, realRoot)) {
              return FileVisitResult.CONTINUE;
            }
            String scanned = repositoryPath(file);
            if (scanned == null) {
              return FileVisitResult.CONTINUE;
            }
            Entry old = previous.get(scanned);
            // the string the tree holds already: each pass made a new one per path, and the map
            // kept those as keys beside the files' own (a second copy of every path, ~45 MB at
            // 300,000 paths)
            String path = old != null ? old.file().path() : scanned;
            boolean mutable =
                Mutability.isMutable(path, link || throughLink.contains(file.getParent()));
            FileTime changedTime = (FileTime) Files.getAttribute(file, "unix:ctime");
            long changed = nanos(changedTime);
            long modified = nanos(attrs.lastModifiedTime());
            boolean sameInode =
                old != null
                    && old.file().size() == attrs.size()
                    && old.modified() == modified
                    && Objects.equals(old.inode(), attrs.fileKey())
                    && old.file().mutable() == mutable;
            if (sameInode && old.changed() == changed) {
              entries.put(path, old);
            } else {
              String own = Mutability.isIndex(path) ? digest(file) : null;
              // A new hard link to the inode (a publication linking unchanged files into the new
              // commit) or a chmod moves its ctime, not its bytes: the path keeps the time it
              // appeared, else every mirror would look stale for every file after each publication
              long appeared =
                  sameInode && Objects.equals(own, old.ownDigest())
                      ? old.file().appearedAtMillis()
                      : changedTime.toMillis();
              OriginFile origin =
                  new OriginFile(path, attrs.size(), appeared, mutable ? NO_INDEX : null);
              entries.put(path, new Entry(origin, attrs.fileKey(), modified, changed, own));
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) {
            if (e instanceof FileSystemLoopException) {
              warnOnce(file, "is a symlink loop");
            }
            return FileVisitResult
                .CONTINUE; // vanished during the walk: the next pass sees the truth
          }
        });
    // a mutable path is served only where its section index's digest matches the origin's
    for (Entry entry : List.copyOf(entries.values())) {
      OriginFile f = entry.file();
      if (!f.mutable()) {
        continue;
      }
      Entry index = entries.get(f.digestPath());
      String digest = index != null && index.ownDigest() != null ? index.ownDigest() : NO_INDEX;
      if (!digest.equals(f.digest())) {
        entries.put(
            f.path(),
            new Entry(
                new OriginFile(f.path(), f.size(), f.appearedAtMillis(), digest),
                entry.inode(),
                entry.modified(),
                entry.changed(),
                entry.ownDigest()));
      }
    }
    return entries;
  }

  private boolean inside(Path link, Path realRoot) throws IOException {
    try {
      if (link.toRealPath().startsWith(realRoot)) {
        return true;
      }
    } catch (FileSystemException e) {
      warnOnce(link, "cannot be resolved (" + e.getClass().getSimpleName() + ")");
      return false;
    }
    warnOnce(link, "points outside the tree");
    return false;
  }

  private void warnOnce(Path file, String what) {
    if (warned.size() < 10_000 && warned.add(file + " " + what)) {
      LOG.warn("origin tree: {} {}; it is not served", file, what);
    }
  }

  private static boolean hidden(Path path) {
    return path.getFileName().toString().startsWith(".");
  }

  /** The normalized repository path, or null for names no client could request. */
  private String repositoryPath(Path file) {
    List<String> segments = new ArrayList<>();
    segments.add(RepositoryPath.MODULE_DIRECTORY);
    for (Path part : root.relativize(file)) {
      segments.add(part.toString());
    }
    try {
      return new RepositoryPath(segments, false).relative();
    } catch (InvalidPathException e) {
      return null;
    }
  }

  static String digest(Path file) throws IOException {
    return ReleaseIndex.tagged(ReleaseIndex.sha256Hex(file));
  }
}
