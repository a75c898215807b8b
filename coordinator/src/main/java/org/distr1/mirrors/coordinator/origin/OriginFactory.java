package org.distr1.mirrors.coordinator.origin;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.distr1.mirrors.coordinator.cluster.Cluster;
import org.jdbi.v3.core.Jdbi;

/**
 * {@code origin:} the master tree the coordinator runs beside and the upstream host that serves it;
 * the registry (verification, answers to reports), the prober and routing all read these.
 */
public class OriginFactory {

  /**
   * The rsync module's directory (distri's {@code path = /srv/repo.distr1.org/distri/}): holds
   * {@code <release>/}, {@code <commit>/} and {@code master}; served at {@code /distri/}.
   */
  @NotEmpty @JsonProperty public String root = "/srv/repo.distr1.org/distri";

  /** The upstream rsync host: mirrors publish {@code _mirror/last-sync-from/<host>}. */
  @NotEmpty
  @Pattern(regexp = "[A-Za-z0-9.:-]+", message = "must be a host name or address")
  @JsonProperty
  public String upstreamHost = "repo-rsync.distr1.org";

  @NotNull
  @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS)
  @JsonProperty
  public Duration rescanInterval = Duration.seconds(5);

  /** How often the origin index for regional coordinators is confirmed (changes go at once). */
  @NotNull
  @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS)
  @JsonProperty
  public Duration indexConfirmInterval = Duration.seconds(1);

  public Path rootPath() {
    return Path.of(root);
  }

  /**
   * The origin routing reads: beside the tree, its one scanner, which also writes the origin index
   * for regional coordinators (a once-per-network job); with {@code regional}, that index read from
   * the replica.
   */
  public Origin build(
      Environment environment, Jdbi jdbi, Cluster cluster, RegionalFactory regional, Clock clock) {
    if (regional != null) {
      return regional.build(environment, jdbi, cluster, clock);
    }
    OriginIndex tree = build(environment);
    OriginIndexWriter writer =
        new OriginIndexWriter(
            tree::current,
            jdbi,
            environment.lifecycle().scheduledExecutorService("origin-index-writer", true).build(),
            java.time.Duration.ofMillis(indexConfirmInterval.toMilliseconds()),
            clock);
    tree.addListener(writer::changed);
    cluster.singleton(writer);
    return tree;
  }

  /** The one scanner of the master tree, managed, started before anything that reads it. */
  public OriginIndex build(Environment environment) {
    OriginIndex origin =
        new OriginIndex(
            rootPath(),
            java.time.Duration.ofMillis(rescanInterval.toMilliseconds()),
            environment.lifecycle().scheduledExecutorService("origin-index", true).build());
    environment.lifecycle().manage(origin);
    return origin;
  }
}
