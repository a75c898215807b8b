package org.distr1.mirrors.node.sync;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.util.DataSize;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDataSize;
import io.dropwizard.validation.MinDuration;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.distr1.mirrors.node.sync.SyncPass.SyncOptions;
import org.distr1.mirrors.shared.api.DiskRequirement;

/** The {@code sync:} section of the node configuration; builds and wires the sync subsystem. */
public class SyncFactory {
  public static final String DEFAULT_UPSTREAM = "rsync://repo-rsync.distr1.org/distri";

  /** The host of the layout before the real module's: its configs must be rewritten. */
  private static final String OLD_UPSTREAM_HOST = "repo.distr1.org";

  /**
   * rsync daemon URL of distri's module, as the mirror page's {@code rsync -av
   * rsync://repo-rsync.distr1.org/distri /srv/repo.distr1.org/distri}: its root holds {@code
   * <release>/}, {@code <commit>/} and {@code master}, served at {@code /distri/}.
   */
  @NotEmpty @JsonProperty public String upstream = DEFAULT_UPSTREAM;

  /** Holds {@code snapshots/}, the {@code current} link and {@code _mirror/}. */
  @NotEmpty @JsonProperty public String mirrorRoot;

  /** Time between scheduled syncs; the mirror requirements allow at most a day. */
  @NotNull
  @MinDuration(value = 1, unit = TimeUnit.MINUTES)
  @MaxDuration(value = 24, unit = TimeUnit.HOURS)
  @JsonProperty
  public Duration interval = Duration.hours(1);

  /** rsync {@code --timeout}: abort when no data moves for this long. */
  @NotNull
  @MinDuration(value = 1, unit = TimeUnit.SECONDS)
  @JsonProperty
  public Duration ioTimeout = Duration.minutes(10);

  /** rsync {@code --contimeout}: give up connecting to the daemon after this long. */
  @NotNull
  @MinDuration(value = 1, unit = TimeUnit.SECONDS)
  @JsonProperty
  public Duration connectTimeout = Duration.seconds(30);

  /** How long a replaced snapshot stays for readers (downloads) that started on it. */
  @NotNull @JsonProperty public Duration gracePeriod = Duration.minutes(15);

  /** First retry delay after a failed sync; doubles per failure up to the interval. */
  @NotNull
  @MinDuration(value = 1, unit = TimeUnit.SECONDS)
  @JsonProperty
  public Duration retryDelay = Duration.seconds(30);

  /** Create missing {@code .zst}/{@code .gz} siblings before publishing a snapshot. */
  @JsonProperty public boolean generateSiblings;

  @NotEmpty @JsonProperty public String rsyncBinary = "rsync";

  /** Extra long options for rsync, e.g. {@code --bwlimit=20m}. */
  @NotNull @JsonProperty
  public List<
          @Pattern(regexp = "--[a-z][a-z-]*(=.*)?", message = "must be a long rsync option") String>
      extraRsyncOptions = List.of();

  /** Health check: unhealthy when the last successful sync started longer ago than this. */
  @NotNull @JsonProperty public Duration maxSyncAge = Duration.hours(25);

  /**
   * Health check: unhealthy when less space than this is available to the mirror (what its tree
   * uses plus what is free), the rule the coordinator's verification applies too.
   */
  @NotNull
  @MinDataSize(0)
  @JsonProperty
  public DataSize minDiskSpace = DataSize.bytes(DiskRequirement.PUBLISHED_BYTES);

  @ValidationMethod(message = "upstream must be rsync://host[:port]/module/")
  public boolean isUpstreamValid() {
    try {
      return upstream == null || UpstreamUrl.parse(upstream) != null;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  @ValidationMethod(
      message =
          "upstream names repo.distr1.org, the layout before distri's real "
              + "rsync module: the module is rsync://repo-rsync.distr1.org/distri, its root holds "
              + "<release>/, <commit>/ and master (no distri/ folder inside) and the node serves it at "
              + "/distri/; set sync.upstream to "
              + DEFAULT_UPSTREAM
              + " (or remove it)")
  public boolean isUpstreamNotOldLayout() {
    try {
      return upstream == null || !UpstreamUrl.parse(upstream).host().equals(OLD_UPSTREAM_HOST);
    } catch (IllegalArgumentException e) {
      return true; // reported by isUpstreamValid
    }
  }

  /** The sync service alone, for the {@code sync} command. */
  public SyncService build(MetricRegistry metrics) {
    var rsync =
        new RsyncRunner(
            rsyncBinary,
            ioTimeout.toJavaDuration(),
            connectTimeout.toJavaDuration(),
            extraRsyncOptions);
    var pass =
        new SyncPass(
            UpstreamUrl.parse(upstream),
            mirrorRoot(),
            rsync,
            new SyncOptions(generateSiblings, gracePeriod.toJavaDuration()),
            Clock.systemUTC());
    // retries never wait longer than a scheduled sync would
    var backoff =
        new Backoff(
            retryDelay.toJavaDuration(),
            retryDelay.compareTo(interval) > 0
                ? retryDelay.toJavaDuration()
                : interval.toJavaDuration());
    return new SyncService(pass, interval.toJavaDuration(), backoff, metrics, Clock.systemUTC());
  }

  /** Builds the service and registers its lifecycle, health checks and resources. */
  public SyncService build(Environment environment) {
    SyncService service = build(environment.metrics());
    environment.lifecycle().manage(service);
    environment
        .healthChecks()
        .register(
            "last-sync",
            new LastSyncHealthCheck(
                service::status, maxSyncAge.toJavaDuration(), Clock.systemUTC()));
    environment
        .healthChecks()
        .register(
            "disk-space",
            new DiskSpaceHealthCheck(
                new MirrorDisk(mirrorRoot(), Clock.systemUTC()),
                new DiskRequirement(minDiskSpace.toBytes())));
    environment.jersey().register(new MirrorResource(service, mirrorRoot()));
    environment.admin().addTask(new SyncTask(service));
    return service;
  }

  public Path mirrorRoot() {
    return Path.of(mirrorRoot).toAbsolutePath();
  }
}
