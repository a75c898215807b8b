package org.distr1.mirrors.coordinator.origin;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.distr1.mirrors.shared.repo.InvalidPathException;
import org.distr1.mirrors.shared.repo.ReleaseIndex;
import org.distr1.mirrors.shared.repo.RepositoryPath;

/**
 * One pass over the origin tree. A file's appearance time is its ctime: rsync and the build
 * host set mtimes, but ctime is when the bytes (or the inode) arrived here, and it survives a
 * coordinator restart, which "first seen" would not. Digests of unchanged index files are
 * reused from the previous pass.
 */
final class OriginScanner {
  /** What a file looked like when scanned; a change of any part means new content. */
  record Entry(OriginFile file, Object inode, FileTime modified, FileTime changed) {}

  private final Path root;
  private final Set<String> mutableNames;

  OriginScanner(Path root, Set<String> mutableNames) {
    this.root = root;
    this.mutableNames = Set.copyOf(mutableNames);
  }

  /** @param directories told of every directory walked (to watch it) */
  Map<String, Entry> scan(Map<String, Entry> previous, Consumer<Path> directories) throws IOException {
    Map<String, Entry> entries = new HashMap<>();
    List<Path> mutable = new ArrayList<>();
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
        if (!dir.equals(root) && hidden(dir)) {
          return FileVisitResult.SKIP_SUBTREE;
        }
        directories.accept(dir);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        // symlinks are not followed (they could point outside the tree); rsync's temporary
        // ".name.XXXXXX" files are not content yet
        if (!attrs.isRegularFile() || hidden(file)) {
          return FileVisitResult.CONTINUE;
        }
        String path = repositoryPath(file);
        if (path == null) {
          return FileVisitResult.CONTINUE;
        }
        FileTime changed = (FileTime) Files.getAttribute(file, "unix:ctime", LinkOption.NOFOLLOW_LINKS);
        Entry old = previous.get(path);
        if (old != null && old.file().size() == attrs.size() && old.changed().equals(changed)
            && old.modified().equals(attrs.lastModifiedTime())
            && java.util.Objects.equals(old.inode(), attrs.fileKey())) {
          entries.put(path, old);
        } else {
          OriginFile origin = new OriginFile(path, attrs.size(), changed.toMillis(), null);
          entries.put(path, new Entry(origin, attrs.fileKey(), attrs.lastModifiedTime(), changed));
          if (isMutable(path) && origin.digestPath().equals(path)) {
            mutable.add(file);
          }
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException e) {
        return FileVisitResult.CONTINUE; // vanished during the walk: the next pass sees the truth
      }
    });
    for (Path file : mutable) {
      Entry entry = entries.get(repositoryPath(file));
      OriginFile f = entry.file();
      entries.put(f.path(), new Entry(new OriginFile(f.path(), f.size(), f.appearedAtMillis(),
          digest(file)), entry.inode(), entry.modified(), entry.changed()));
    }
    // a compressed sibling of an index is served only where its original's digest matches
    for (Entry entry : List.copyOf(entries.values())) {
      OriginFile f = entry.file();
      if (isMutable(f.path()) && !f.digestPath().equals(f.path())) {
        Entry original = entries.get(f.digestPath());
        String digest = original != null ? original.file().digest() : ReleaseIndex.tagged("missing-original");
        if (!digest.equals(f.digest())) {
          entries.put(f.path(), new Entry(new OriginFile(f.path(), f.size(), f.appearedAtMillis(),
              digest), entry.inode(), entry.modified(), entry.changed()));
        }
      }
    }
    return entries;
  }

  private boolean isMutable(String path) {
    OriginFile probe = new OriginFile(path, 0, 0, null);
    String original = probe.digestPath();
    return mutableNames.contains(original.substring(original.lastIndexOf('/') + 1));
  }

  private static boolean hidden(Path path) {
    return path.getFileName().toString().startsWith(".");
  }

  /** The normalized repository path, or null for names no client could request. */
  private String repositoryPath(Path file) {
    List<String> segments = new ArrayList<>();
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
