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
 * The one way the allowlist changes: under one lock, a transaction; then, before the change
 * returns, the fragment file rewritten from what the database holds after that commit. A rewrite
 * reads the database after the commits it covers, so once the last change has returned the file
 * equals the database, and two edits never interleave their writes. Changes committed while a
 * rewrite runs share the next one (a wave of approvals at 10,000 mirrors rewrites a file of 10,000
 * networks once per batch, not once per approval). Of the coordinators sharing one database, only
 * the one running the once-per-network jobs writes the file; each change is told to the others
 * ({@link #TOPIC}), so that one rewrites it whichever coordinator took the change.
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
  private final ReentrantLock changeLock = new ReentrantLock();
  private final ReentrantLock publishLock = new ReentrantLock();
  private volatile long committed; // changes committed here; written under changeLock
  private long publishedThrough; // guarded by publishLock: changes the file holds
  private byte[] written; // guarded by publishLock: what the file holds, null = unknown
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

  /** Runs {@code change} in a transaction under the lock, then sees the fragment rewritten. */
  <T> T change(HandleCallback<T, RuntimeException> change) {
    T result;
    long sequence;
    changeLock.lock();
    try {
      result = jdbi.inTransaction(change);
      sequence = ++committed;
    } finally {
      changeLock.unlock();
    }
    cluster.publish(TOPIC, "");
    publish(sequence);
    return result;
  }

  /**
   * Rewrites the fragment from the database if it differs from what was last written (only on the
   * coordinator that runs the once-per-network jobs): another coordinator's change, an expiry.
   */
  void publish() {
    publish(Long.MAX_VALUE);
  }

  /** Returns once the file holds change {@code sequence} (MAX_VALUE: the database as it is now). */
  private void publish(long sequence) {
    if (fragmentFile.isEmpty() || !cluster.leads()) {
      return;
    }
    publishLock.lock();
    try {
      if (sequence != Long.MAX_VALUE && publishedThrough >= sequence) {
        return; // a rewrite that began after this change's commit has finished
      }
      long through = committed; // read before the database: the rows hold at least these
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
      publishedThrough = through;
      publishFailure = null;
    } catch (IOException | RuntimeException e) {
      publishFailure = "cannot write " + fragmentFile.get() + ": " + e;
      LOG.error("allowlist fragment not updated; will retry with the next change", e);
    } finally {
      publishLock.unlock();
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
