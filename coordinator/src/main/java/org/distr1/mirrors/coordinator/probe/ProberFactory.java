package org.distr1.mirrors.coordinator.probe;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;

/** {@code prober:} how mirrors are watched. */
public class ProberFactory {
  @NotNull
  @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS)
  @JsonProperty
  public Duration interval = Duration.seconds(30);

  /** Unanswered probes of a round count as failures after this. */
  @NotNull
  @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS)
  @JsonProperty
  public Duration roundTimeout = Duration.seconds(20);

  @Min(1)
  @Max(1024)
  @JsonProperty
  public int concurrency = 32;

  /** Consecutive failed probes before a mirror leaves rotation. */
  @Min(1)
  @Max(100)
  @JsonProperty
  public int failuresToDown = 2;

  /** Consecutive good probes before a mirror (re)enters rotation. */
  @Min(1)
  @Max(100)
  @JsonProperty
  public int successesToUp = 2;

  /** A round in which more than this share of mirrors fail is blamed on the prober. */
  @DecimalMin("0.1")
  @DecimalMax("1.0")
  @JsonProperty
  public double blameFraction = 0.6;

  /** Rounds with fewer mirrors are never blamed on the prober. */
  @Min(1)
  @JsonProperty
  public int minimumRoundForBlame = 4;

  /**
   * Each probe also checks this many of the newest files the mirror claims to hold by its sync time
   * ({@code HEAD}, length), so a mirror claiming more than it holds goes down.
   */
  @Min(0)
  @Max(32)
  @JsonProperty
  public int newestFiles = 3;

  /**
   * The prober's state, taken up where the previous process left it; built before the registry
   * (whose public list shows it) and routing (which reads it).
   */
  public ProbeTracker tracker(ProbeJournal journal) {
    ProbeTracker tracker =
        new ProbeTracker(failuresToDown, successesToUp, blameFraction, minimumRoundForBlame);
    tracker.restore(journal.load());
    return tracker;
  }

  /**
   * The one look at a mirror, for the prober and the registry's verification.
   *
   * @param http the coordinator's outgoing client ({@code httpClient:})
   * @param upstreamHost from {@code origin:}: whose freshness file mirrors publish
   */
  public MirrorProbe probe(CloseableHttpAsyncClient http, String upstreamHost) {
    return new MirrorProbe(http, upstreamHost);
  }

  /**
   * @param maxClockSkew the top-level limit, which the registry and routing apply too
   */
  public ProbeSettings settings(java.time.Duration maxClockSkew) {
    return new ProbeSettings(
        java.time.Duration.ofMillis(interval.toMilliseconds()),
        java.time.Duration.ofMillis(roundTimeout.toMilliseconds()),
        concurrency,
        maxClockSkew,
        newestFiles);
  }
}
