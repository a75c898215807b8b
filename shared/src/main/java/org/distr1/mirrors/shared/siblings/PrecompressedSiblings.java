package org.distr1.mirrors.shared.siblings;

import com.github.luben.zstd.ZstdOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * The transport-compression siblings {@code F.zst} and {@code F.gz} of a file {@code F}. A sibling
 * counts only when its mtime equals the original's: that is how servers tell a fresh sibling from a
 * stale one without reading either.
 */
public final class PrecompressedSiblings {

  /** Sibling suffixes, preferred first. */
  public static final List<String> SUFFIXES = List.of(".zst", ".gz");

  // zstd level 19 would shave a few percent at a hundred times the CPU; a node compressing a
  // whole repository after a sync cannot afford that, and distri's own images use level 3 too.
  private static final int ZSTD_LEVEL = 3;

  private PrecompressedSiblings() {}

  /** True for names that are siblings themselves (never compressed again). */
  public static boolean isSibling(Path file) {
    String name = file.getFileName().toString();
    return SUFFIXES.stream().anyMatch(name::endsWith);
  }

  /** Path of the sibling of {@code original} with {@code suffix}. */
  public static Path sibling(Path original, String suffix) {
    return original.resolveSibling(original.getFileName() + suffix);
  }

  /** True when the sibling exists and carries exactly the original's mtime. */
  public static boolean isFresh(Path original, String suffix) throws IOException {
    Path sibling = sibling(original, suffix);
    return Files.isRegularFile(sibling)
        && Files.getLastModifiedTime(sibling).equals(Files.getLastModifiedTime(original));
  }

  /** Writes both siblings of {@code original}, replacing any present ones. */
  public static void writeAll(Path original) throws IOException {
    for (String suffix : SUFFIXES) {
      write(original, suffix);
    }
  }

  /**
   * Writes one sibling as a new file (temp + rename), so that a hard-linked old sibling shared with
   * another snapshot is replaced, never modified in place, then copies the mtime.
   */
  public static void write(Path original, String suffix) throws IOException {
    Path target = sibling(original, suffix);
    Path temp = Files.createTempFile(original.getParent(), "." + target.getFileName(), ".tmp");
    try {
      try (OutputStream out = compressor(Files.newOutputStream(temp), suffix)) {
        Files.copy(original, out);
      }
      Files.setPosixFilePermissions(temp, Files.getPosixFilePermissions(original));
      Files.setLastModifiedTime(temp, Files.getLastModifiedTime(original));
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static OutputStream compressor(OutputStream raw, String suffix) throws IOException {
    return switch (suffix) {
      case ".zst" -> new ZstdOutputStream(raw, ZSTD_LEVEL);
      case ".gz" -> new GZIPOutputStream(raw, 64 * 1024);
      default -> throw new IllegalArgumentException("unknown sibling suffix " + suffix);
    };
  }
}
