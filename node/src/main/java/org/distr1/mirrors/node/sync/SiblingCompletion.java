package org.distr1.mirrors.node.sync;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.distr1.mirrors.shared.siblings.PrecompressedSiblings;

/**
 * Creates missing {@code .zst}/{@code .gz} siblings in a new, unpublished snapshot. A snapshot
 * starts empty, so siblings made for the previous one are not carried over by rsync: an unchanged
 * file (same inode as in the previous snapshot, thanks to {@code --link-dest}) gets the previous
 * snapshot's sibling hard-linked instead of compressed again. Files are replaced, never written in
 * place, because they may be hard links into published snapshots.
 */
final class SiblingCompletion {

  // already compressed inside: a sibling would cost disk and CPU and save nothing
  private static final List<String> COMPRESSED =
      List.of(".squashfs", ".zst", ".gz", ".xz", ".bz2", ".lz4", ".zip", ".png", ".jpg");

  private final Path snapshot;
  private final Optional<Path> previous;

  private SiblingCompletion(Path snapshot, Optional<Path> previous) {
    this.snapshot = snapshot;
    this.previous = previous;
  }

  /** Completes siblings in {@code snapshot}; returns how many siblings were compressed. */
  static int complete(Path snapshot, Optional<Path> previous) throws IOException {
    List<Path> candidates;
    // listed first: the siblings and temp files written below must not join the walk
    try (Stream<Path> walk = Files.walk(snapshot)) {
      candidates =
          walk.filter(Files::isRegularFile)
              .filter(f -> COMPRESSED.stream().noneMatch(f.getFileName().toString()::endsWith))
              .toList();
    }
    var completion = new SiblingCompletion(snapshot, previous);
    int compressed = 0;
    for (Path file : candidates) {
      for (String suffix : PrecompressedSiblings.SUFFIXES) {
        if (!PrecompressedSiblings.isFresh(file, suffix)
            && !completion.linkFromPrevious(file, suffix)) {
          compress(file, suffix);
          compressed++;
        }
      }
    }
    return compressed;
  }

  private boolean linkFromPrevious(Path file, String suffix) throws IOException {
    if (previous.isEmpty()) {
      return false;
    }
    Path old = previous.get().resolve(snapshot.relativize(file));
    if (!Files.exists(old)
        || !Files.isSameFile(old, file)
        || !PrecompressedSiblings.isFresh(old, suffix)) {
      return false;
    }
    Path target = PrecompressedSiblings.sibling(file, suffix);
    Files.deleteIfExists(target);
    Files.createLink(target, PrecompressedSiblings.sibling(old, suffix));
    return true;
  }

  private static void compress(Path file, String suffix) throws IOException {
    PrecompressedSiblings.write(file, suffix);
    Path sibling = PrecompressedSiblings.sibling(file, suffix);
    if (Files.size(sibling) >= Files.size(file)) {
      // incompressible: identity is served instead, no point keeping a larger copy
      Files.delete(sibling);
    }
  }
}
