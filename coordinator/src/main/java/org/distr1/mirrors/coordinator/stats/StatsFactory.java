package org.distr1.mirrors.coordinator.stats;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.distr1.mirrors.coordinator.platform.Platform;
import org.jdbi.v3.core.Jdbi;

/**
 * {@code stats:} download statistics (docs/statistics.md): counted in memory on the redirect path,
 * written once per {@code flushInterval}, hours kept for {@code hourlyWindow}, days for {@code
 * dailyRetention}.
 */
public class StatsFactory {
  /** Off: nothing is counted (the redirect benchmark compares both). */
  @JsonProperty public boolean enabled = true;

  /** How often the counts are written; also the most a killed coordinator loses. */
  @NotNull
  @MinDuration(value = 1, unit = TimeUnit.SECONDS)
  @JsonProperty
  public Duration flushInterval = Duration.minutes(1);

  /** Hourly buckets are kept this long, then folded into daily ones. */
  @NotNull
  @MinDuration(value = 2, unit = TimeUnit.HOURS)
  @JsonProperty
  public Duration hourlyWindow = Duration.days(7);

  /** Daily buckets, and the daily file counts, are kept this long. */
  @NotNull
  @MinDuration(value = 1, unit = TimeUnit.DAYS)
  @JsonProperty
  public Duration dailyRetention = Duration.days(400);

  /** Files kept per flush: the most requested ones (the per-release counts stay exact). */
  @Min(0)
  @Max(10_000)
  @JsonProperty
  public int topFiles = 100;

  /** Distinct release names counted; further first path segments count as "(other)". */
  @Min(1)
  @Max(10_000)
  @JsonProperty
  public int releases = 256;

  @JsonIgnore
  @AssertTrue(message = "stats.dailyRetention must be longer than stats.hourlyWindow")
  public boolean isRetentionOrdered() {
    return hourlyWindow == null
        || dailyRetention == null
        || dailyRetention.toSeconds() > hourlyWindow.toSeconds();
  }

  /**
   * Registers the flusher, the once-per-network retention job and {@code /api/v1/stats}; returns
   * what the redirector counts into ({@link DownloadCounter#OFF} when switched off).
   */
  public DownloadCounter build(Platform platform) {
    Environment environment = platform.environment();
    Jdbi jdbi = platform.jdbi();
    Clock clock = platform.clock();
    environment.jersey().register(new StatsResource(jdbi, clock));
    if (!enabled) {
      return DownloadCounter.OFF;
    }
    java.time.Duration window = java.time.Duration.ofSeconds(hourlyWindow.toSeconds());
    DownloadCounter counter = new DownloadCounter(new Releases(releases));
    environment
        .lifecycle()
        .manage(
            new StatsFlusher(
                counter,
                jdbi,
                clock,
                java.time.Duration.ofMillis(flushInterval.toMilliseconds()),
                window,
                topFiles,
                environment.lifecycle().scheduledExecutorService("stats-flush", true).build()));
    platform
        .cluster()
        .singleton(
            new StatsRetention(
                jdbi,
                clock,
                window,
                java.time.Duration.ofSeconds(dailyRetention.toSeconds()),
                environment.lifecycle().scheduledExecutorService("stats-retention", true).build()));
    return counter;
  }
}
