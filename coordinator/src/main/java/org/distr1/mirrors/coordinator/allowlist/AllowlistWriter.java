package org.distr1.mirrors.coordinator.allowlist;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.distr1.mirrors.coordinator.cluster.Cluster;
import org.distr1.mirrors.shared.files.AtomicFiles;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way the allowlist changes: under one lock, a transaction, then the fragment file
 * rewritten from what the database holds after the commit. Because every rewrite reads the database
 * inside the lock, after the last change's rewrite the file equals the database, and two edits
 * never interleave their writes. Of the coordinators sharing one database, only the one running the
 * once-per-network jobs writes the file; each change is told to the others ({@link #TOPIC}), so
 * that one rewrites it whichever coordinator took the change.
 *
 * <p>A failed rewrite (disk full, permissions) does not undo the committed change: it is logged,
 * reported by the health check and retried by the next change or expiry tick.
 */
final class AllowlistWriter {

  private static final Logger LOG = LoggerFactory.getLogger(AllowlistWriter.class);

  /** Topic: the allowlist changed. */
  static final String TOPIC = "allowlist";

  private final Jdbi jdbi;
  private final Cluster cluster;
  private final Optional<Path> fragmentFile;
  private final AllowlistExporter exporter;
  private final Clock clock;
  private final ReentrantLock lock = new ReentrantLock();
  private byte[] written; // guarded by lock: what the file holds, null = unknown
  private volatile String publishFailure; // null when the file is current

  AllowlistWriter(
      Jdbi jdbi,
      Cluster cluster,
      Optional<Path> fragmentFile,
      AllowlistExporter exporter,
      Clock clock) {
    this.jdbi = jdbi;
    this.cluster = cluster;
    this.fragmentFile = fragmentFile;
    this.exporter = exporter;
    this.clock = clock;
  }

  /** Runs {@code change} in a transaction, then rewrites the fragment; both under the lock. */
  <T> T change(HandleCallback<T, RuntimeException> change) {
    lock.lock();
    try {
      T result = jdbi.inTransaction(change);
      cluster.publish(TOPIC, "");
      publish();
      return result;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Rewrites the fragment from the database if it differs from what was last written (only on the
   * coordinator that runs the once-per-network jobs).
   */
  void publish() {
    if (fragmentFile.isEmpty() || !cluster.leads()) {
      return;
    }
    lock.lock();
    try {
      byte[] content =
          exporter
              .render(
                  ExportFormat.RSYNCD,
                  jdbi.withExtension(AllowlistDao.class, d -> d.active(clock.instant())))
              .body();
      if (!Arrays.equals(content, written)) {
        AtomicFiles.replace(fragmentFile.get(), content);
        written = content;
      }
      publishFailure = null;
    } catch (IOException | RuntimeException e) {
      publishFailure = "cannot write " + fragmentFile.get() + ": " + e;
      LOG.error("allowlist fragment not updated; will retry with the next change", e);
    } finally {
      lock.unlock();
    }
  }

  /** True when a fragment file is configured and absent (e.g. the first start). */
  boolean fragmentMissing() {
    return fragmentFile.isPresent() && !Files.isRegularFile(fragmentFile.get());
  }

  /** Why the fragment file is out of date, or empty when it is current. */
  Optional<String> publishFailure() {
    return Optional.ofNullable(publishFailure);
  }
}
