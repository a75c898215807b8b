package org.distr1.mirrors.coordinator.cluster;

import io.dropwizard.lifecycle.Managed;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A regional coordinator on a PostgreSQL streaming replica. A hot standby accepts no LISTEN and
 * replays no NOTIFY (notifications are not written to the WAL), and a coordinator that cannot write
 * never runs the once-per-network jobs. Instead this watches the replica's replay position every
 * {@code poll}: when the replica has replayed more since the last look, every cache reads its
 * shared state again (a resync), at most once per poll. Writes are the primary's ({@code regional:}
 * sends them there), so there is nothing to publish.
 */
final class ReplicaCluster implements Cluster {
  private static final Logger LOG = LoggerFactory.getLogger(ReplicaCluster.class);

  /** The replayed position on a standby; the written one on a primary (a regional on one). */
  private static final String POSITION =
      "SELECT CAST(CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn()"
          + " ELSE pg_current_wal_lsn() END AS TEXT)";

  private final Jdbi jdbi;
  private final Duration poll;
  private final List<Runnable> resync = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService executor;

  private ScheduledFuture<?> looks;

  // the executor's one thread only
  private String seen;
  private boolean failing;

  /**
   * @param executor one thread the caller's lifecycle owns and shuts down
   */
  ReplicaCluster(Jdbi jdbi, Duration poll, ScheduledExecutorService executor) {
    this.jdbi = jdbi;
    this.poll = poll;
    this.executor = executor;
  }

  @Override
  public void publish(String topic, String detail) {}

  @Override
  public void publish(Handle transaction, String topic, String detail) {}

  @Override
  public void subscribe(String topic, Consumer<String> listener) {}

  @Override
  public void onResync(Runnable listener) {
    resync.add(listener);
  }

  @Override
  public void singleton(Managed job) {}

  @Override
  public boolean leads() {
    return false;
  }

  @Override
  public synchronized void start() {
    looks = executor.scheduleWithFixedDelay(this::look, 0, poll.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void stop() {
    if (looks != null) {
      looks.cancel(false);
    }
  }

  /** One look at the replay position; a resync when it moved. */
  private void look() {
    try {
      String position = jdbi.withHandle(h -> h.createQuery(POSITION).mapTo(String.class).one());
      if (failing) {
        LOG.info("the replica answers again");
        failing = false;
      }
      if (Objects.equals(position, seen)) {
        return;
      }
      seen = position;
      for (Runnable listener : resync) {
        try {
          listener.run();
        } catch (RuntimeException e) {
          LOG.error("replica follower failed", e);
        }
      }
    } catch (RuntimeException e) {
      if (!failing) {
        LOG.warn("the replica does not answer ({}); routing goes on from memory", e.toString());
      }
      failing = true;
    }
  }
}
