package org.distr1.mirrors.node.sync;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.distr1.mirrors.shared.repo.ReleaseIndex;

/**
 * SHA-256 of each release's mutable index ({@link ReleaseIndex}): the coordinator sends index
 * requests only to mirrors whose digest equals the origin's. Reads only the index files, never
 * the tree.
 */
final class IndexDigests {

  private IndexDigests() {}

  /** release → lower-case hex digest, for every release of the snapshot that has an index. */
  static Map<String, String> of(Path snapshot) throws IOException {
    var digests = new TreeMap<String, String>();
    Path distri = snapshot.resolve("distri");
    if (!Files.isDirectory(distri)) {
      return digests;
    }
    try (DirectoryStream<Path> releases = Files.newDirectoryStream(distri, Files::isDirectory)) {
      for (Path release : releases) {
        Path index = release.resolve(ReleaseIndex.IN_RELEASE);
        if (Files.isRegularFile(index)) {
          digests.put(release.getFileName().toString(), ReleaseIndex.sha256Hex(index));
        }
      }
    }
    return digests;
  }
}
