package org.distr1.mirrors.node.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The mirror's secret token on disk: readable by its owner only (0600 from the moment it
 * exists, never briefly world-readable), written whole or not at all.
 */
final class TokenFile {

  private TokenFile() {}

  static void write(Path file, String token) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path temp = Files.createTempFile(dir, ".token", ".tmp",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try {
      Files.writeString(temp, token + "\n", StandardCharsets.US_ASCII);
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  static String read(Path file) throws IOException {
    String token = Files.readString(file, StandardCharsets.US_ASCII).strip();
    if (token.isEmpty()) {
      throw new IOException(file + " is empty; run the enroll command or put the mirror's token in it");
    }
    return token;
  }

  /** The mirror id carried by a mirror token ({@code dmo_<id>.<secret>}). */
  static long mirrorId(String token) {
    int dot = token.indexOf('.');
    if (!token.startsWith("dmo_") || dot < 5) {
      throw new IllegalArgumentException("not a mirror token (expected dmo_<id>.<secret>)");
    }
    return Long.parseLong(token.substring(4, dot));
  }
}
