package org.distr1.mirrors.node.sync;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * An exclusive lock on {@code <root>/.sync.lock}, so that a {@code sync} command started by cron
 * and a running node never work on the same mirror root at once (one would remove the other's
 * unfinished snapshot). The kernel drops the lock when its process dies.
 */
final class SyncLock implements AutoCloseable {

  private final FileChannel channel;
  private final FileLock lock;

  private SyncLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** The lock, or empty when another process holds it. */
  static Optional<SyncLock> tryAcquire(Path root) throws IOException {
    Files.createDirectories(root);
    FileChannel channel =
        FileChannel.open(
            root.resolve(".sync.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    try {
      FileLock lock = channel.tryLock();
      if (lock == null) {
        channel.close();
        return Optional.empty();
      }
      return Optional.of(new SyncLock(channel, lock));
    } catch (OverlappingFileLockException e) {
      // held by this very process (a second service on the same root, e.g. in tests)
      channel.close();
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  @Override
  public void close() throws IOException {
    try {
      lock.release();
    } finally {
      channel.close();
    }
  }
}
