package org.distr1.mirrors.coordinator.origin;

import io.dropwizard.lifecycle.Managed;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
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
    // the names of one content (commit, release link, master) share its hashes' bytes, and a path
    // the tree holds is keyed by the tree's own string rather than a second copy of it
    OriginTree tree = origin.get();
    Map<String, FileDigests> byHash = new HashMap<>();
    dao.forEach(
        row -> {
          FileDigests digests = row.digests();
          FileDigests first = byHash.putIfAbsent(row.sha512(), digests);
          if (first != null) {
            digests = digests.sharing(first);
          }
          OriginFile file = tree.get(row.path());
          known.put(file != null ? file.path() : row.path(), digests);
        });
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
    List<OriginFile> unhashed = new ArrayList<>();
    for (OriginFile file : tree.files()) {
      if (of(file) == null) {
        unhashed.add(file);
      }
    }
    Map<Object, FileDigests> byContent = unhashed.isEmpty() ? Map.of() : byContent(tree);
    List<DigestRow> batch = new ArrayList<>(BATCH);
    for (OriginFile file : unhashed) {
      if (stopped) {
        return;
      }
      try {
        Path onDisk = file.resolveIn(root);
        Object content = contentKey(onDisk);
        FileDigests same = content == null ? null : byContent.get(content);
        FileDigests digests;
        if (same != null && same.size() == file.size()) {
          // another name of the same file (master/..., a release link, a hard link)
          digests = same.named(file.size(), file.appearedAtMillis());
        } else {
          digests = hasher.hash(onDisk, file);
          hashedFiles.incrementAndGet();
          if (content != null) {
            byContent.put(content, digests);
          }
        }
        batch.add(DigestRow.of(file.path(), digests));
        known.put(file.path(), digests);
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

  /**
   * The hashes already known, by the file they were read from: distri's tree reaches one file by
   * several names ({@code <commit>/pkg/x}, {@code master/pkg/x}, {@code supersilverhaze/pkg/x}),
   * which must be read once, not once per name. One stat per known file, and only in a pass that
   * has something to hash.
   */
  private Map<Object, FileDigests> byContent(OriginTree tree) {
    Map<Object, FileDigests> byContent = new HashMap<>();
    for (OriginFile file : tree.files()) {
      FileDigests digests = of(file);
      if (digests == null) {
        continue;
      }
      try {
        Object content = contentKey(file.resolveIn(root));
        if (content != null) {
          byContent.putIfAbsent(content, digests);
        }
      } catch (IOException | RuntimeException e) {
        // gone since the scan: nothing to share
      }
    }
    return byContent;
  }

  /**
   * The file behind a name: device and inode (symlinks followed), with size and mtime so that a
   * file rewritten in place during the pass is not mistaken for what was hashed; null where the
   * file system has no such key.
   */
  private static Object contentKey(Path file) throws IOException {
    BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
    Object inode = attributes.fileKey();
    return inode == null
        ? null
        : List.of(inode, attributes.size(), attributes.lastModifiedTime().toMillis());
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
