package org.distr1.mirrors.coordinator.cluster;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.google.common.util.concurrent.ThreadFactoryBuilder;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.lifecycle.setup.LifecycleEnvironment;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.NotNull;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;

/**
 * {@code cluster:} how coordinators sharing one PostgreSQL database hear each other. Nothing to
 * configure to use it: every coordinator on the same database joins; on H2 there is one.
 */
public class ClusterFactory {

  /**
   * How long the listener waits for a notification before it checks its connection and tries the
   * jobs' lease again: the longest a dead server goes unnoticed.
   */
  @NotNull
  @MinDuration(value = 10, unit = TimeUnit.MILLISECONDS)
  @MaxDuration(value = 1, unit = TimeUnit.SECONDS)
  @JsonProperty
  public Duration poll = Duration.milliseconds(250);

  /** Wait before reconnecting after the connection to the database failed. */
  @NotNull
  @MinDuration(value = 10, unit = TimeUnit.MILLISECONDS)
  @JsonProperty
  public Duration reconnectDelay = Duration.seconds(1);

  /**
   * @param lifecycle where the PostgreSQL listener's thread comes from (a daemon, as a connection
   *     the driver waits on must not hold up the process's exit)
   * @param replica a regional coordinator's: its database is a streaming replica of the primary's
   */
  public Cluster build(
      LifecycleEnvironment lifecycle, Jdbi jdbi, DataSourceFactory database, boolean replica) {
    if (replica) {
      return new ReplicaCluster(
          jdbi,
          java.time.Duration.ofMillis(poll.toMilliseconds()),
          lifecycle.scheduledExecutorService("replica-follower", true).build());
    }
    String url = database.getUrl();
    if (url == null || !url.startsWith("jdbc:postgresql:")) {
      return Cluster.alone();
    }
    return new PostgresCluster(
        jdbi,
        database,
        java.time.Duration.ofMillis(poll.toMilliseconds()),
        java.time.Duration.ofMillis(reconnectDelay.toMilliseconds()),
        lifecycle
            .executorService(
                "cluster-listener",
                new ThreadFactoryBuilder()
                    .setNameFormat("cluster-listener")
                    .setDaemon(true)
                    .build())
            .maxThreads(1)
            .build());
  }
}
