package org.distr1.mirrors.coordinator.routing;

import java.util.Objects;

/**
 * One file of the origin tree.
 *
 * @param appearedAtMillis when the current content appeared at the origin (its ctime, never its
 *     mtime: rsync preserves mtimes from the build host)
 * @param digest hex SHA-256 of a mutable index file, null for files versioned in their name
 */
public record OriginFile(String path, long size, long appearedAtMillis, String digest) {
  public OriginFile {
    Objects.requireNonNull(path, "path");
  }

  /** Mutable files go only to mirrors holding the same bytes. */
  public boolean mutable() {
    return digest != null;
  }
}
