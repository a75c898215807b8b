package org.distr1.mirrors.shared.repo;

import java.util.regex.Pattern;
import org.distr1.mirrors.shared.siblings.PrecompressedSiblings;

/**
 * Which repository paths may change, derived from the tree rather than from a list: distri never
 * changes a versioned file ({@code <name>-<arch>-<version>.squashfs} / {@code .meta.textproto}),
 * but it rewrites each section's {@code meta.binaryproto}, repoints the unversioned {@code
 * <name>-<arch>.meta.textproto} links and moves branch links such as {@code master}. So a path is
 * mutable when its name carries no version or when its resolution passes through a symlink.
 *
 * <p>Who may serve a mutable path is decided by one file: its section's index {@code
 * distri/<top>/<section>/meta.binaryproto} ({@link #indexOf}). The index lists the section's
 * versioned names, and those never change, so a mirror whose copy of the index is byte-identical to
 * the origin's resolves every path of that section to the same bytes. Nodes report these digests as
 * {@link ReleaseIndex} describes.
 */
public final class Mutability {
  /** Every section's index file name. */
  public static final String INDEX = ReleaseIndex.FILE_NAME;

  private static final Pattern VERSIONED =
      Pattern.compile(".+-(amd64|i686|arm64|aarch64)-[^-./][^/]*\\.(squashfs|meta\\.textproto)");

  private Mutability() {}

  /**
   * @param path a normalized repository path ({@code distri/master/pkg/x.squashfs})
   * @param throughSymlink whether resolving it followed a symlink (the file itself or a parent)
   */
  public static boolean isMutable(String path, boolean throughSymlink) {
    return throughSymlink || !VERSIONED.matcher(original(fileName(path))).matches();
  }

  /** Whether the path is a section index itself (not a compressed sibling). */
  public static boolean isIndex(String path) {
    return fileName(path).equals(INDEX);
  }

  /**
   * The index whose digest decides who may serve {@code path}: {@code distri/<top>/<section>/
   * meta.binaryproto} for a path inside a section, else the path itself (without a sibling suffix).
   * It need not exist: a section without an index (img/, docs/) is served by the origin whenever
   * its paths are mutable.
   */
  public static String indexOf(String path) {
    String original = original(path);
    String[] segments = original.split("/");
    if (segments.length >= 4 && segments[0].equals(RepositoryPath.MODULE_DIRECTORY)) {
      return segments[0] + "/" + segments[1] + "/" + segments[2] + "/" + INDEX;
    }
    return original;
  }

  private static String fileName(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  private static String original(String name) {
    for (String suffix : PrecompressedSiblings.SUFFIXES) {
      if (name.endsWith(suffix)) {
        return name.substring(0, name.length() - suffix.length());
      }
    }
    return name;
  }
}
