package org.distr1.mirrors.shared.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Replaces files so that a concurrent reader (rsyncd re-reading its configuration, a web server)
 * sees the old or the new content, never a torn one, and so that after a crash the file is one or
 * the other: temp file in the same directory, fsync, rename, fsync of the directory.
 */
public final class AtomicFiles {

  private AtomicFiles() {}

  /**
   * Writes {@code content} to {@code target} atomically, readable by everyone ({@code 0644}: the
   * readers — rsyncd, nginx — often run as other users). Creates missing parent directories. On
   * failure the previous file is untouched and no temp file is left behind.
   */
  public static void replace(Path target, byte[] content) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path temp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
    try {
      Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
      try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ByteBuffer bytes = ByteBuffer.wrap(content);
        while (bytes.hasRemaining()) {
          out.write(bytes);
        }
        out.force(true);
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
    fsyncDirectory(dir);
  }

  /** Makes a rename in {@code dir} durable (Linux allows fsync on a directory opened read-only). */
  public static void fsyncDirectory(Path dir) throws IOException {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }
}
