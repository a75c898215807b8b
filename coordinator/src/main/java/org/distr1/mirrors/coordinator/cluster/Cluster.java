package org.distr1.mirrors.coordinator.cluster;

import io.dropwizard.lifecycle.Managed;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;

/**
 * The coordinators sharing one database: what they tell each other after a committed change, and
 * which one of them runs the once-per-network jobs. On an embedded H2 file there is only this
 * coordinator ({@link #alone()}); on PostgreSQL see {@link PostgresCluster}. Manage it after
 * everything else, so that the jobs it starts find the rest of the coordinator running.
 */
public interface Cluster extends Managed {

  /**
   * Tells the other coordinators that {@code topic} changed ({@code detail}: e.g. the ids, short
   * plain text). Call after the commit and before the change is answered, so that an answered
   * change is always told; a failure is logged, not thrown (the change itself is stored).
   */
  void publish(String topic, String detail);

  /**
   * Tells the others as part of {@code transaction} (open on the shared database): delivered when
   * it commits, never if it rolls back, and without a transaction of its own, which on PostgreSQL
   * is a commit record and a WAL flush more per change. A failure fails the transaction.
   */
  void publish(Handle transaction, String topic, String detail);

  /** {@code listener} hears the others' changes of {@code topic}, on the cluster's own thread. */
  void subscribe(String topic, Consumer<String> listener);

  /**
   * Runs after (re)connecting to the others: changes told meanwhile may have been missed, so caches
   * read again once.
   */
  void onResync(Runnable listener);

  /**
   * A job that must run on one coordinator of the network at a time: started while this one holds
   * the lease, stopped when it loses it (the lease moves when its holder dies).
   */
  void singleton(Managed job);

  /** True while this coordinator runs the once-per-network jobs. */
  boolean leads();

  /** The single coordinator: nobody else to tell, and it always runs every job. */
  static Cluster alone() {
    return new Alone();
  }
}
