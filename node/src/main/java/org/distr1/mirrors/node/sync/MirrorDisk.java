package org.distr1.mirrors.node.sync;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.distr1.mirrors.shared.api.NodeReport;

/**
 * The mirror root's file system as {@link org.distr1.mirrors.shared.api.DiskRequirement} measures
 * it: total and free space, and what the tree takes (each hard-linked file once, as the snapshots
 * share them). Walking the tree is the slow part; its result is kept for a while.
 */
public final class MirrorDisk {

  private static final Duration REMEASURE = Duration.ofMinutes(10);

  private final Path root;
  private final Clock clock;
  private long treeBytes;
  private Instant measuredAt;

  public MirrorDisk(Path root, Clock clock) {
    this.root = root;
    this.clock = clock;
  }

  public synchronized NodeReport.DiskUsage usage() throws IOException {
    Path existing = root;
    while (!Files.exists(existing) && existing.getParent() != null) {
      existing = existing.getParent();
    }
    FileStore store = Files.getFileStore(existing);
    Instant now = clock.instant();
    if (measuredAt == null || !now.isBefore(measuredAt.plus(REMEASURE))) {
      treeBytes = Files.isDirectory(root) ? treeBytes(root) : 0;
      measuredAt = now;
    }
    long free = store.getUsableSpace();
    long total = store.getTotalSpace();
    return new NodeReport.DiskUsage(total, Math.min(free, total), treeBytes);
  }

  private static long treeBytes(Path root) throws IOException {
    Set<Object> seen = new HashSet<>();
    long[] sum = {0};
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            Object key = attrs.fileKey();
            if (attrs.isRegularFile() && (key == null || seen.add(key))) {
              sum[0] += attrs.size();
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) {
            return FileVisitResult
                .CONTINUE; // removed by a prune meanwhile, or unreadable: not counted
          }
        });
    return sum[0];
  }
}
