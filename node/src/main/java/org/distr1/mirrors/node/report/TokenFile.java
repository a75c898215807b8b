package org.distr1.mirrors.node.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The mirror's secret token on disk: readable by its owner only (0600 from the moment it exists,
 * never briefly world-readable), written whole or not at all.
 */
final class TokenFile {

  private TokenFile() {}

  static void write(Path file, String token) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path temp =
        Files.createTempFile(
            dir,
            ".token",
            ".tmp",
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

  /**
   * Fails, saying why and what to do, unless {@link #write} can put a file there as this user:
   * enrollment shows the token only once, so this is checked before the mirror is registered.
   */
  static void checkWritable(Path file) {
    Path dir = file.toAbsolutePath().getParent();
    try {
      if (Files.isDirectory(file)) {
        throw new IOException("it is a directory");
      }
      Files.createDirectories(dir);
      Files.delete(Files.createTempFile(dir, ".token", ".check"));
    } catch (IOException e) {
      String user = System.getProperty("user.name", "this user");
      throw new IllegalStateException(
          "cannot write the token file "
              + file
              + " as "
              + user
              + " ("
              + reason(e)
              + "); nothing was enrolled. Make "
              + dir
              + " writable for "
              + user
              + " (as root: install -d -o "
              + user
              + " -m 0750 "
              + dir
              + ") or choose another --token-file.");
    }
  }

  /** What to tell the operator when the token, already issued, could not be stored. */
  static String notStored(Path file, long mirrorId, String token, IOException e) {
    return "enrolled as mirror "
        + mirrorId
        + ", but the token could not be stored in "
        + file
        + " ("
        + reason(e)
        + ").\nThis is the mirror's token; it is shown only this once:\n\n  "
        + token
        + "\n\nStore it yourself, readable only by the user that runs the node, e.g.\n"
        + "  (umask 077; echo '"
        + token
        + "' > "
        + file
        + ")\n"
        + "If it is lost, ask the maintainer to remove mirror "
        + mirrorId
        + " and enroll again.";
  }

  /** The JDK names only the path for most file errors; say what went wrong in words. */
  private static String reason(IOException e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof NoSuchFileException) {
      return "no such directory";
    }
    if (e instanceof FileSystemException fs && fs.getReason() != null) {
      return fs.getReason();
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  static String read(Path file) throws IOException {
    String token = Files.readString(file, StandardCharsets.US_ASCII).strip();
    if (token.isEmpty()) {
      throw new IOException(
          file + " is empty; run the enroll command or put the mirror's token in it");
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
