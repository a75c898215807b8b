package org.distr1.mirrors.node.sync;

import com.codahale.metrics.health.HealthCheck;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;
import org.distr1.mirrors.shared.text.Human;

/** Unhealthy when no sync succeeded within {@code maxAge}: the mirror is going stale. */
final class LastSyncHealthCheck extends HealthCheck {

  private final Supplier<SyncStatus> sync;
  private final Duration maxAge;
  private final Clock clock;

  LastSyncHealthCheck(Supplier<SyncStatus> sync, Duration maxAge, Clock clock) {
    this.sync = sync;
    this.maxAge = maxAge;
    this.clock = clock;
  }

  @Override
  protected Result check() {
    SyncStatus status = sync.get();
    if (status == null || status.lastSuccessStart() == null) {
      return Result.unhealthy("no successful sync yet");
    }
    Duration age = Duration.between(status.lastSuccessStart(), clock.instant());
    String last =
        status.lastResult() == null ? "" : "; last pass: " + status.lastResult().message();
    return age.compareTo(maxAge) > 0
        ? Result.unhealthy(
            "last successful sync started "
                + Human.duration(age)
                + " ago (limit "
                + Human.duration(maxAge)
                + ")"
                + last)
        : Result.healthy("last successful sync started " + Human.duration(age) + " ago" + last);
  }
}
