package org.distr1.mirrors.shared.serve;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A root published by switching a symlink; remembers the last target's real path. */
final class SymlinkRoot implements PrecompressedFileHandler.Root {
  private record Resolved(Path target, Path real) {}

  private final Path link;
  private volatile Resolved last;

  SymlinkRoot(Path link) {
    this.link = link;
  }

  @Override
  public Path realPath() throws IOException {
    Path target = Files.readSymbolicLink(link);
    Resolved known = last;
    if (known != null && known.target().equals(target)) {
      return known.real();
    }
    Resolved fresh = new Resolved(target, link.toRealPath());
    last = fresh;
    return fresh.real();
  }
}
