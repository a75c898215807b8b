package org.distr1.mirrors.node.sync;

import com.codahale.metrics.health.HealthCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Unhealthy when the mirror's file system has less free space than the requirements ask. */
final class DiskSpaceHealthCheck extends HealthCheck {

  private static final long GIB = 1L << 30;

  private final Path root;
  private final long minFree;

  DiskSpaceHealthCheck(Path root, long minFree) {
    this.root = root;
    this.minFree = minFree;
  }

  @Override
  protected Result check() throws IOException {
    Path existing = root;
    while (!Files.exists(existing) && existing.getParent() != null) {
      existing = existing.getParent();
    }
    long free = Files.getFileStore(existing).getUsableSpace();
    String message = String.format("%.1f GiB free on %s (minimum %.1f GiB)",
        (double) free / GIB, existing, (double) minFree / GIB);
    return free < minFree ? Result.unhealthy(message) : Result.healthy(message);
  }
}
