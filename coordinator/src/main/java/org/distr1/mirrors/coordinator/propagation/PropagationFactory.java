package org.distr1.mirrors.coordinator.propagation;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.concurrent.TimeUnit;
import org.distr1.mirrors.coordinator.origin.Origin;
import org.distr1.mirrors.coordinator.platform.Platform;
import org.distr1.mirrors.coordinator.registry.Registry;

/**
 * {@code propagation:} how long origin changes take to reach each mirror (the status page's plot,
 * {@code GET /api/v1/propagation}): recorded by one coordinator of the network, kept for {@code
 * retention}.
 */
public class PropagationFactory {
  /** Off: nothing is recorded; the endpoints answer what is stored. */
  @JsonProperty public boolean enabled = true;

  /** Changes and samples older than this are deleted; also the longest window asked for. */
  @NotNull
  @MinDuration(value = 1, unit = TimeUnit.HOURS)
  @JsonProperty
  public Duration retention = Duration.days(7);

  /** The most changes of one index held in memory (an origin changing every minute stays small). */
  @Min(2)
  @Max(10_000)
  @JsonProperty
  public int maxChangesPerIndex = 500;

  /** How often new samples are written (in one transaction). */
  @NotNull
  @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS)
  @JsonProperty
  public Duration flushInterval = Duration.seconds(10);

  public java.time.Duration retention() {
    return java.time.Duration.ofMillis(retention.toMilliseconds());
  }

  /** Registers the endpoints and, when enabled, the once-per-network recorder. */
  public void build(Platform platform, Registry registry, Origin origin) {
    Environment environment = platform.environment();
    PropagationView view =
        new PropagationView(platform.jdbi(), registry.directory()::loadAll, platform.clock());
    environment.jersey().register(new PropagationResource(view, retention()));
    if (!enabled) {
      return;
    }
    PropagationRecorder recorder =
        new PropagationRecorder(
            platform.jdbi(),
            origin::current,
            platform.clock(),
            retention(),
            maxChangesPerIndex,
            java.time.Duration.ofMillis(flushInterval.toMilliseconds()),
            environment.lifecycle().scheduledExecutorService("propagation", true).build());
    origin.addListener(recorder::originChanged);
    registry.events().addReportListener(recorder);
    registry.events().addLifecycleListener(recorder);
    platform.cluster().singleton(recorder);
  }
}
