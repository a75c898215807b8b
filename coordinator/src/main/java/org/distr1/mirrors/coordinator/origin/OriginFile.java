package org.distr1.mirrors.coordinator.origin;

import java.util.Objects;
import org.distr1.mirrors.shared.siblings.PrecompressedSiblings;

/**
 * One file of the origin tree.
 *
 * @param appearedAtMillis when the current content appeared at the origin (its ctime, never its
 *     mtime: rsync preserves mtimes from the build host)
 * @param digest {@code sha256:<hex>} of a mutable index file (of its original, for a compressed
 *     sibling), null for files versioned in their name
 */
public record OriginFile(String path, long size, long appearedAtMillis, String digest) {
  public OriginFile {
    Objects.requireNonNull(path, "path");
  }

  /** Mutable files go only to mirrors holding the same bytes. */
  public boolean mutable() {
    return digest != null;
  }

  /**
   * The index file whose digest decides who may serve this one: itself, or for a compressed
   * sibling ({@code meta.binaryproto.zst}) its original, which is what nodes report.
   */
  public String digestPath() {
    for (String suffix : PrecompressedSiblings.SUFFIXES) {
      if (path.endsWith(suffix)) {
        return path.substring(0, path.length() - suffix.length());
      }
    }
    return path;
  }
}
