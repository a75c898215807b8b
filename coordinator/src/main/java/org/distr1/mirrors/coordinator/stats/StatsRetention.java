package org.distr1.mirrors.coordinator.stats;

import io.dropwizard.lifecycle.Managed;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the statistics bounded: hours older than the window fold into days, days older than their
 * retention are deleted. A once-per-network job: two coordinators folding the same hours at once
 * would count them twice.
 */
public final class StatsRetention implements Managed {
  private static final Logger LOG = LoggerFactory.getLogger(StatsRetention.class);
  private static final long EVERY_MINUTES = 10;

  private final Jdbi jdbi;
  private final Clock clock;
  private final Duration hourlyWindow;
  private final Duration dailyRetention;
  private final ScheduledExecutorService executor;
  private ScheduledFuture<?> task;

  public StatsRetention(
      Jdbi jdbi,
      Clock clock,
      Duration hourlyWindow,
      Duration dailyRetention,
      ScheduledExecutorService executor) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.hourlyWindow = hourlyWindow;
    this.dailyRetention = dailyRetention;
    this.executor = executor;
  }

  @Override
  public synchronized void start() {
    task = executor.scheduleWithFixedDelay(this::expireQuietly, 0, EVERY_MINUTES, TimeUnit.MINUTES);
  }

  @Override
  public synchronized void stop() {
    if (task != null) {
      task.cancel(false);
      task = null;
    }
  }

  private void expireQuietly() {
    try {
      expire();
    } catch (RuntimeException e) {
      LOG.warn("old download statistics not expired (tried again later): {}", e.toString());
    }
  }

  public void expire() {
    long now = clock.instant().getEpochSecond();
    long hoursBefore = Math.floorDiv(now - hourlyWindow.toSeconds(), CountRow.HOUR) * CountRow.HOUR;
    long daysBefore = Math.floorDiv(now - dailyRetention.toSeconds(), CountRow.DAY) * CountRow.DAY;
    jdbi.useExtension(StatsDao.class, dao -> dao.expire(hoursBefore, daysBefore));
  }
}
