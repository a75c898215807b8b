package org.distr1.mirrors.node.sync;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * SHA-256 of each release's mutable index {@code distri/<release>/pkg/meta.binaryproto}: the
 * coordinator sends index requests only to mirrors whose digest equals the origin's. Reads
 * only the index files, never the tree.
 */
final class IndexDigests {

  static final String INDEX = "pkg/meta.binaryproto";

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
        Path index = release.resolve(INDEX);
        if (Files.isRegularFile(index)) {
          digests.put(release.getFileName().toString(), sha256(index));
        }
      }
    }
    return digests;
  }

  static String sha256(Path file) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
