package org.distr1.mirrors.coordinator.origin;

import java.nio.file.Path;
import java.util.Objects;
import org.distr1.mirrors.shared.repo.Mutability;
import org.distr1.mirrors.shared.repo.RepositoryPath;

/**
 * One file of the origin tree.
 *
 * @param appearedAtMillis when the current content appeared at the origin (its ctime, never its
 *     mtime: rsync preserves mtimes from the build host)
 * @param digest for a mutable path ({@link Mutability}), {@code sha256:<hex>} of the index that
 *     decides who may serve it ({@link #digestPath()}); null for an immutable one
 */
public record OriginFile(String path, long size, long appearedAtMillis, String digest) {
  public OriginFile {
    Objects.requireNonNull(path, "path");
  }

  /** Mutable paths go only to mirrors holding the same index. */
  public boolean mutable() {
    return digest != null;
  }

  /** The file on disk: {@code path} is below {@code /distri/}, the module's directory. */
  public Path resolveIn(Path moduleDirectory) {
    return moduleDirectory.resolve(path.substring(RepositoryPath.MODULE_DIRECTORY.length() + 1));
  }

  /** This path without a {@code .zst}/{@code .gz} sibling suffix. */
  public String originalPath() {
    for (String suffix : org.distr1.mirrors.shared.siblings.PrecompressedSiblings.SUFFIXES) {
      if (path.endsWith(suffix)) {
        return path.substring(0, path.length() - suffix.length());
      }
    }
    return path;
  }

  /** The section index whose digest decides who may serve this path, as nodes report it. */
  public String digestPath() {
    return Mutability.indexOf(path);
  }
}
