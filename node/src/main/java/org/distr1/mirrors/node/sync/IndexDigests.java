package org.distr1.mirrors.node.sync;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.distr1.mirrors.shared.repo.ReleaseIndex;

/**
 * SHA-256 of each section index {@code <top>/<section>/meta.binaryproto} of a snapshot (the rsync
 * module: {@code <top>} is a release, a commit or a branch link such as {@code master}), keyed as
 * {@link ReleaseIndex} says: the coordinator sends a mutable path only to mirrors whose digest of
 * its section index equals the origin's. Reads only the index files, never the tree; a link
 * pointing out of the snapshot counts as missing. Branch and release links come first, so a report
 * that must be cut holds the names clients use.
 */
final class IndexDigests {

  /** A report holds at most this many (NodeReport's limit). */
  static final int MAX = 1000;

  private IndexDigests() {}

  /** report key → lower-case hex digest, for every index the snapshot holds. */
  static Map<String, String> of(Path snapshot) throws IOException {
    var digests = new TreeMap<String, String>();
    if (!Files.isDirectory(snapshot)) {
      return digests;
    }
    Path real = snapshot.toRealPath();
    List<Path> tops = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(snapshot)) {
      entries.forEach(tops::add);
    }
    tops.sort((a, b) -> Boolean.compare(!Files.isSymbolicLink(a), !Files.isSymbolicLink(b)));
    for (Path top : tops) {
      String name = top.getFileName().toString();
      if (name.startsWith(".") || !Files.isDirectory(top)) {
        continue;
      }
      for (String section : ReleaseIndex.SECTIONS) {
        Path index = top.resolve(section).resolve(ReleaseIndex.FILE_NAME);
        String key =
            ReleaseIndex.releaseOf("distri/" + name + "/" + section + "/" + ReleaseIndex.FILE_NAME);
        if (key != null
            && digests.size() < MAX
            && Files.isRegularFile(index)
            && inside(index, real)) {
          digests.put(key, ReleaseIndex.sha256Hex(index));
        }
      }
    }
    return digests;
  }

  private static boolean inside(Path file, Path root) throws IOException {
    try {
      return file.toRealPath().startsWith(root);
    } catch (FileSystemException e) {
      return false;
    }
  }
}
