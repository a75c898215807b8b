package org.distr1.mirrors.node.sync;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * How one sync pass ended.
 *
 * @param rsyncExitCode rsync's exit code, null when rsync did not run to an end
 * @param message what happened in words (the exit code explained, rsync's last errors)
 * @param bytesReceived bytes read from upstream, -1 if unknown
 * @param snapshotId the snapshot published by this pass, null when none was
 * @param indexDigests per-release {@code meta.binaryproto} SHA-256 of the published snapshot
 */
public record SyncResult(
    Outcome outcome,
    @JsonFormat(shape = JsonFormat.Shape.STRING) Instant started,
    @JsonFormat(shape = JsonFormat.Shape.STRING) Instant finished,
    Integer rsyncExitCode,
    String message,
    long bytesReceived,
    String snapshotId,
    Map<String, String> indexDigests) {

  /** Outcomes, also the names of the {@code node.sync.result.*} meters. */
  public enum Outcome {
    @JsonProperty("success")
    SUCCESS,
    /** rsync exited with a failure code or was killed. */
    @JsonProperty("rsync_failed")
    RSYNC_FAILED,
    /** the node failed around rsync (disk, permissions) or was stopped. */
    @JsonProperty("error")
    ERROR
  }

  public SyncResult {
    requireNonNull(outcome, "outcome");
    requireNonNull(started, "started");
    requireNonNull(finished, "finished");
    requireNonNull(message, "message");
    indexDigests = Map.copyOf(indexDigests);
  }

  @JsonIgnore
  public boolean succeeded() {
    return outcome == Outcome.SUCCESS;
  }

  @JsonIgnore
  public Duration duration() {
    return Duration.between(started, finished);
  }
}
