package org.distr1.mirrors.node.sync;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Map;

/**
 * What the node's sync is doing and has done: served as {@code /_mirror/status} and read by the
 * coordinator reporter. Immutable; the sync thread replaces it.
 *
 * @param progress of the running sync, null when idle
 * @param lastResult of the last pass, null before the first
 * @param lastSuccessStart start of the last successful sync (what the freshness file says)
 * @param lastSuccessFinish when that sync was published
 * @param lastSuccessBytes bytes it received, -1 if unknown (e.g. after a restart)
 * @param snapshotId the snapshot being served, null before the first sync
 * @param indexDigests per-release SHA-256 of the served {@code meta.binaryproto}
 * @param nextSyncAt when the next scheduled (or retry) pass starts, null if none
 */
public record SyncStatus(
    String upstream,
    State state,
    RsyncProgress progress,
    SyncResult lastResult,
    @JsonFormat(shape = JsonFormat.Shape.STRING) Instant lastSuccessStart,
    @JsonFormat(shape = JsonFormat.Shape.STRING) Instant lastSuccessFinish,
    long lastSuccessBytes,
    String snapshotId,
    Map<String, String> indexDigests,
    int consecutiveFailures,
    @JsonFormat(shape = JsonFormat.Shape.STRING) Instant nextSyncAt) {

  /** Idle after success (or before any pass), syncing, or failed (last pass failed). */
  public enum State {
    @JsonProperty("idle")
    IDLE,
    @JsonProperty("syncing")
    SYNCING,
    @JsonProperty("failed")
    FAILED
  }

  public SyncStatus {
    indexDigests = Map.copyOf(indexDigests);
  }

  static SyncStatus initial(
      String upstream,
      String snapshotId,
      Map<String, String> digests,
      Instant lastSuccessStart,
      Instant lastSuccessFinish) {
    return new SyncStatus(
        upstream,
        State.IDLE,
        null,
        null,
        lastSuccessStart,
        lastSuccessFinish,
        -1,
        snapshotId,
        digests,
        0,
        null);
  }

  SyncStatus syncing(RsyncProgress now) {
    return new SyncStatus(
        upstream,
        State.SYNCING,
        now,
        lastResult,
        lastSuccessStart,
        lastSuccessFinish,
        lastSuccessBytes,
        snapshotId,
        indexDigests,
        consecutiveFailures,
        null);
  }

  SyncStatus finished(SyncResult result, Instant next) {
    boolean ok = result.succeeded();
    boolean published = result.snapshotId() != null;
    return new SyncStatus(
        upstream,
        ok ? State.IDLE : State.FAILED,
        null,
        result,
        ok ? result.started() : lastSuccessStart,
        ok ? result.finished() : lastSuccessFinish,
        ok ? result.bytesReceived() : lastSuccessBytes,
        published ? result.snapshotId() : snapshotId,
        published ? result.indexDigests() : indexDigests,
        ok ? 0 : consecutiveFailures + 1,
        next);
  }
}
