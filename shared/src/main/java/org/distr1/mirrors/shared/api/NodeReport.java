package org.distr1.mirrors.shared.api;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Map;

/**
 * A node's health report ({@code POST /api/v1/mirrors/{id}/reports}, every N seconds).
 *
 * @param nodeTime the node's clock when it sent the report (clock skew is measured from it)
 * @param lastSuccessfulSync null before the first successful sync
 * @param runningSync null when no sync runs
 * @param indexDigests release → lower-case hex SHA-256 of its published {@code meta.binaryproto}
 * @param disk null when unknown
 * @param served encoding ({@code zstd}, {@code gzip}, {@code identity}) → counters since start
 * @param lastAnswer the previous answer's time and when the node got it, null before one: with
 *     {@code nodeTime} it bounds the clock skew from both sides, so that a report delayed in
 *     transit cannot pass for a node whose clock is behind
 */
public record NodeReport(
    String nodeVersion,
    Instant nodeTime,
    SyncRun lastSuccessfulSync,
    SyncProgress runningSync,
    Map<String, String> indexDigests,
    DiskUsage disk,
    Map<String, Served> served,
    AnswerSeen lastAnswer) {

  public NodeReport {
    Fields.requireText("nodeVersion", nodeVersion, 64);
    requireNonNull(nodeTime, "nodeTime is required");
    indexDigests = indexDigests == null ? Map.of() : Map.copyOf(indexDigests);
    if (indexDigests.size() > 1000) {
      throw new IllegalArgumentException("indexDigests may hold at most 1000 releases");
    }
    indexDigests.forEach(
        (release, digest) -> {
          Fields.requireText("indexDigests key", release, 100);
          Fields.requireText("indexDigests[" + release + "]", digest, 200);
        });
    served = served == null ? Map.of() : Map.copyOf(served);
    if (served.size() > 10) {
      throw new IllegalArgumentException("served may hold at most 10 encodings");
    }
  }

  /** Without {@code lastAnswer}: a node's first report. */
  public NodeReport(
      String nodeVersion,
      Instant nodeTime,
      SyncRun lastSuccessfulSync,
      SyncProgress runningSync,
      Map<String, String> indexDigests,
      DiskUsage disk,
      Map<String, Served> served) {
    this(nodeVersion, nodeTime, lastSuccessfulSync, runningSync, indexDigests, disk, served, null);
  }

  /**
   * @param receivedAt the answer's {@code receivedAt} (coordinator clock)
   * @param nodeTime the node's clock when the answer arrived
   */
  public record AnswerSeen(Instant receivedAt, Instant nodeTime) {
    public AnswerSeen {
      requireNonNull(receivedAt, "lastAnswer.receivedAt is required");
      requireNonNull(nodeTime, "lastAnswer.nodeTime is required");
    }
  }

  /** A finished sync; {@code startedAt} is what the freshness file says. */
  public record SyncRun(Instant startedAt, Instant finishedAt, long bytes) {
    public SyncRun {
      requireNonNull(startedAt, "lastSuccessfulSync.startedAt is required");
      requireNonNull(finishedAt, "lastSuccessfulSync.finishedAt is required");
      if (bytes < 0) {
        throw new IllegalArgumentException("lastSuccessfulSync.bytes must not be negative");
      }
    }
  }

  /** A sync in progress: bytes received so far and rsync's percentage of the current file list. */
  public record SyncProgress(long bytesTransferred, int percent) {
    public SyncProgress {
      if (bytesTransferred < 0 || percent < 0 || percent > 100) {
        throw new IllegalArgumentException(
            "runningSync needs bytesTransferred >= 0 and percent 0..100");
      }
    }
  }

  /**
   * The mirror's file system.
   *
   * @param mirrorBytes what the mirror's tree (all its snapshots) takes on it; 0 from nodes that do
   *     not say
   */
  public record DiskUsage(long totalBytes, long freeBytes, long mirrorBytes) {
    public DiskUsage {
      if (totalBytes < 0 || freeBytes < 0 || freeBytes > totalBytes || mirrorBytes < 0) {
        throw new IllegalArgumentException(
            "disk needs 0 <= freeBytes <= totalBytes and mirrorBytes >= 0");
      }
    }

    /** What {@link DiskRequirement} measures: the tree's own space plus what is free. */
    public long availableToMirrorBytes() {
      return mirrorBytes + freeBytes;
    }
  }

  public record Served(long requests, long bytes) {
    public Served {
      if (requests < 0 || bytes < 0) {
        throw new IllegalArgumentException("served counters must not be negative");
      }
    }
  }
}
