package org.distr1.mirrors.coordinator.origin;

import io.dropwizard.lifecycle.Managed;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hashes metalinks and {@code Repr-Digest} give for the origin's files, computed on one
 * background thread (never on a request) for every file whose content the last scan has not seen
 * hashed, and kept in {@code origin_digests} so that a restart reads only what changed. A file not
 * hashed yet simply has no digests: answers leave them out rather than wait.
 */
public final class OriginDigests implements Managed {
  private static final Logger LOG = LoggerFactory.getLogger(OriginDigests.class);

  /** Rows written per transaction: a crash loses at most this much hashing. */
  private static final int BATCH = 64;

  private final Path root;
  private final Supplier<OriginTree> origin;
  private final DigestRowDao dao;
  private final ExecutorService executor;
  private final Map<String, FileDigests> known = new ConcurrentHashMap<>();
  private final AtomicBoolean pending = new AtomicBoolean();
  private final AtomicLong hashedFiles = new AtomicLong();
  private final AtomicLong passes = new AtomicLong();
  private final FileHasher hasher = new FileHasher();
  private volatile boolean stopped;

  /**
   * @param executor one thread the caller owns; passes run on it one at a time
   */
  public OriginDigests(
      Path root, Supplier<OriginTree> origin, Jdbi jdbi, ExecutorService executor) {
    this.root = root;
    this.origin = origin;
    this.dao = jdbi.onDemand(DigestRowDao.class);
    this.executor = executor;
  }

  /** The hashes of this file's current content, or null while it is not hashed yet. */
  public FileDigests of(OriginFile file) {
    FileDigests digests = known.get(file.path());
    return digests != null && digests.describes(file) ? digests : null;
  }

  /** Loads what earlier runs hashed and starts a pass over the current tree. */
  @Override
  public void start() {
    for (DigestRow row : dao.all()) {
      known.put(row.path(), row.digests());
    }
    changed();
  }

  @Override
  public void stop() {
    stopped = true;
  }

  /** Asks for a pass; calls while one is waiting fold into it. Cheap, for origin listeners. */
  public void changed() {
    if (pending.compareAndSet(false, true)) {
      executor.execute(this::pass);
    }
  }

  /** Files hashed by this instance (the rest came from the database). */
  public long hashedFiles() {
    return hashedFiles.get();
  }

  /** Passes completed, for tests to wait on. */
  public long passes() {
    return passes.get();
  }

  private void pass() {
    pending.set(false);
    OriginTree tree = origin.get();
    List<String> vanished = new ArrayList<>();
    for (String path : known.keySet()) {
      if (tree.get(path) == null) {
        vanished.add(path);
      }
    }
    List<DigestRow> batch = new ArrayList<>(BATCH);
    for (OriginFile file : tree.files()) {
      if (stopped) {
        return;
      }
      if (of(file) != null) {
        continue;
      }
      try {
        FileDigests digests = hasher.hash(file.resolveIn(root), file);
        batch.add(DigestRow.of(file.path(), digests));
        known.put(file.path(), digests);
        hashedFiles.incrementAndGet();
      } catch (IOException | RuntimeException e) {
        // changed or vanished since the scan: the scan that notices it asks for another pass
        LOG.debug("origin file {} not hashed: {}", file.path(), e.toString());
      }
      if (batch.size() == BATCH) {
        store(batch, List.of());
        batch.clear();
      }
    }
    vanished.forEach(known::remove);
    store(batch, vanished);
    passes.incrementAndGet();
  }

  private void store(List<DigestRow> rows, List<String> vanished) {
    if (rows.isEmpty() && vanished.isEmpty()) {
      return;
    }
    try {
      dao.store(rows, vanished);
    } catch (RuntimeException e) {
      // the hashes still serve from memory; the next start hashes these files again
      LOG.warn("origin digests not stored: {}", e.toString());
    }
  }
}
