package org.distr1.mirrors.shared.serve;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/**
 * What a repository path names in one tree: nothing, a directory, or a file with the variants that
 * may be served for it (identity always; a sibling only when its mtime equals the original's, so a
 * stale {@code .zst} left by an interrupted build is never sent).
 */
record TreeEntry(Kind kind, Path directory, Map<Encoding, Variant> variants) {
  enum Kind {
    MISSING,
    DIRECTORY,
    FILE
  }

  static final TreeEntry MISSING = new TreeEntry(Kind.MISSING, null, Map.of());

  TreeEntry {
    variants = variants.isEmpty() ? Map.of() : new EnumMap<>(variants);
  }

  static TreeEntry directory(Path directory) {
    return new TreeEntry(Kind.DIRECTORY, directory, Map.of());
  }

  Variant variant(Encoding encoding) {
    return variants.get(encoding);
  }

  Set<Encoding> encodings() {
    return variants.keySet();
  }

  /** Whether the answer depends on {@code Accept-Encoding} (a fresh sibling exists). */
  boolean negotiable() {
    return variants.size() > 1;
  }
}
