package org.distr1.mirrors.shared.serve;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.distr1.mirrors.shared.repo.RepositoryPath;
import org.eclipse.jetty.http.HttpField;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One served tree (a published snapshot, or the origin's master tree) and what is known about its
 * paths. Resolution never leaves the tree: hidden names (rsync's {@code .~tmp~} and {@code
 * .name.XXXXXX} temporaries, any dot file) are missing, and a path whose real location is outside
 * the tree's real root (a symlink pointing out) is missing too.
 */
final class Tree {
  private static final Logger LOG = LoggerFactory.getLogger(Tree.class);
  private static final int MAX_WARNED = 10_000;

  private final Path root;

  /** Broken paths already logged: a client retrying one must not fill the log. */
  private final Set<String> warned = ConcurrentHashMap.newKeySet();

  private final ServeOptions options;
  private final ConcurrentHashMap<String, Remembered> entries = new ConcurrentHashMap<>();

  private record Remembered(TreeEntry entry, long resolvedAtNanos) {}

  /**
   * @param root the tree's real path (symlinks resolved)
   */
  Tree(Path root, ServeOptions options) {
    this.root = root;
    this.options = options;
  }

  Path root() {
    return root;
  }

  /** What {@code path} names here; {@code null} (a path outside the served tree) is missing. */
  TreeEntry lookup(RepositoryPath path) throws IOException {
    if (path == null) {
      return TreeEntry.MISSING;
    }
    if (options.maxCachedEntries() == 0) {
      return resolve(path);
    }
    String key = path.relative();
    Remembered remembered = entries.get(key);
    long now = System.nanoTime();
    if (remembered != null && now - remembered.resolvedAtNanos() < options.revalidateAfterNanos()) {
      return remembered.entry();
    }
    TreeEntry entry = resolve(path);
    if (entries.size() >= options.maxCachedEntries()) {
      entries.clear();
    }
    entries.put(key, new Remembered(entry, now));
    return entry;
  }

  /** Whether a directory entry may be shown and served: visible name, real path in the tree. */
  boolean visible(Path child) throws IOException {
    if (isHidden(child.getFileName().toString())) {
      return false;
    }
    return !Files.isSymbolicLink(child) || inside(child);
  }

  static boolean isHidden(String name) {
    return name.startsWith(".");
  }

  private TreeEntry resolve(RepositoryPath path) throws IOException {
    for (String segment : path.segments()) {
      if (isHidden(segment)) {
        return TreeEntry.MISSING;
      }
    }
    Path file = path.resolveIn(root);
    BasicFileAttributes attributes = attributes(file);
    if (attributes == null) {
      return TreeEntry.MISSING;
    }
    if (!inside(file)) {
      warnOnce(path, "resolves outside the served tree");
      return TreeEntry.MISSING;
    }
    if (attributes.isDirectory()) {
      return TreeEntry.directory(file);
    }
    if (!attributes.isRegularFile()) {
      return TreeEntry.MISSING;
    }
    // Every variant names its file by real path, from one resolution of the directory: a link
    // moved meanwhile (a publication moving master) cannot pair one version's length with the
    // other's bytes, which are read later from the path (world.sh saw such a torn answer).
    Path directory = realPath(file.getParent());
    Path real = directory == null ? null : realPath(directory.resolve(path.fileName()));
    BasicFileAttributes realAttributes = real == null ? null : attributes(real);
    if (realAttributes == null || !realAttributes.isRegularFile() || !real.startsWith(root)) {
      return TreeEntry.MISSING;
    }
    HttpField contentType = ContentTypes.fieldOf(path.fileName());
    Map<Encoding, Variant> variants = new EnumMap<>(Encoding.class);
    variants.put(
        Encoding.IDENTITY, new Variant(Encoding.IDENTITY, real, realAttributes, contentType));
    if (!Encoding.isSiblingName(path.fileName())) {
      for (Encoding encoding : new Encoding[] {Encoding.ZSTD, Encoding.GZIP}) {
        Path sibling = realPath(directory.resolve(path.fileName() + encoding.suffix()));
        BasicFileAttributes sibAttributes = sibling == null ? null : attributes(sibling);
        if (sibAttributes != null
            && sibAttributes.isRegularFile()
            && sibAttributes.lastModifiedTime().equals(realAttributes.lastModifiedTime())
            && sibling.startsWith(root)) {
          variants.put(encoding, new Variant(encoding, sibling, sibAttributes, contentType));
        }
      }
    }
    return new TreeEntry(TreeEntry.Kind.FILE, null, variants);
  }

  /** The path with every link resolved, or null when nothing is there (any more). */
  private static Path realPath(Path file) throws IOException {
    try {
      return file.toRealPath();
    } catch (FileSystemException gone) {
      return null;
    }
  }

  private boolean inside(Path file) throws IOException {
    try {
      return file.toRealPath().startsWith(root);
    } catch (FileSystemException gone) {
      return false;
    }
  }

  private BasicFileAttributes attributes(Path file) throws IOException {
    try {
      return Files.readAttributes(file, BasicFileAttributes.class);
    } catch (NoSuchFileException | NotDirectoryException missing) {
      return null;
    } catch (FileSystemException broken) {
      // ELOOP, EACCES: nothing servable there, and worth telling the operator once
      warnOnce(
          root.relativize(file),
          broken.getReason() == null ? broken.toString() : broken.getReason());
      return null;
    }
  }

  private void warnOnce(Object path, String why) {
    if (warned.size() < MAX_WARNED && warned.add(path.toString())) {
      LOG.warn("{} in {} {}; answered 404 (logged once)", path, root, why);
    }
  }
}
