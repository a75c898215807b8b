package org.distr1.mirrors.coordinator.cluster;

import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.lifecycle.Managed;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Coordinators sharing one PostgreSQL database. Changes travel by LISTEN/NOTIFY on one channel;
 * PostgreSQL delivers a notification only after its sender's commit, to every listening session.
 * The once-per-network jobs run on the holder of one session-level advisory lock, taken on the
 * listening connection: PostgreSQL itself releases it when that session ends, so a killed
 * coordinator hands its jobs over as soon as its connection drops, with no lease to expire.
 *
 * <p>One thread of {@code listener} (a lifecycle-managed executor) owns the connection: it waits
 * for notifications, tries the lock while another holds it, checks the connection, and reconnects
 * (then resyncs) after a failure.
 */
public final class PostgresCluster implements Cluster {

  private static final Logger LOG = LoggerFactory.getLogger(PostgresCluster.class);
  static final String CHANNEL = "distri_changes";

  /** The advisory lock key of the once-per-network jobs ("distri" in ASCII). */
  static final long LEASE_KEY = 0x646973747269L;

  /** NOTIFY payloads must stay below 8000 bytes. */
  static final int MAX_DETAIL = 7000;

  private final Jdbi jdbi;
  private final DataSourceFactory database;
  private final Duration poll;
  private final Duration retry;
  private final String self = UUID.randomUUID().toString();
  private final Map<String, List<Consumer<String>>> listeners = new ConcurrentHashMap<>();
  private final List<Runnable> resync = new CopyOnWriteArrayList<>();
  private final List<Managed> jobs = new CopyOnWriteArrayList<>();
  private volatile boolean leading;
  private volatile boolean running;
  private final ExecutorService listener;
  private CountDownLatch finished;
  private Future<?> loop;

  /**
   * @param listener runs the listening loop for as long as this runs; its owner (Dropwizard's
   *     lifecycle) shuts it down
   */
  public PostgresCluster(
      Jdbi jdbi,
      DataSourceFactory database,
      Duration poll,
      Duration retry,
      ExecutorService listener) {
    this.jdbi = jdbi;
    this.listener = listener;
    this.database = database;
    this.poll = poll;
    this.retry = retry;
  }

  @Override
  public void publish(String topic, String detail) {
    try {
      jdbi.useHandle(handle -> notify(handle, topic, detail));
    } catch (RuntimeException e) {
      LOG.warn(
          "could not tell the other coordinators about {} {}: {}", topic, detail, e.toString());
    }
  }

  @Override
  public void publish(Handle transaction, String topic, String detail) {
    notify(transaction, topic, detail);
  }

  private void notify(Handle handle, String topic, String detail) {
    for (String part : split(detail)) {
      handle
          .createQuery("SELECT 1 FROM (SELECT pg_notify(:channel, :payload)) n")
          .bind("channel", CHANNEL)
          .bind("payload", self + " " + topic + " " + part)
          .mapTo(Integer.class)
          .one();
    }
  }

  /** Splits a comma-separated detail into payloads that fit a notification. */
  static List<String> split(String detail) {
    List<String> parts = new ArrayList<>();
    String rest = detail;
    while (rest.length() > MAX_DETAIL) {
      int cut = rest.lastIndexOf(',', MAX_DETAIL);
      if (cut <= 0) {
        cut = MAX_DETAIL;
      }
      parts.add(rest.substring(0, cut));
      rest = rest.substring(Math.min(rest.length(), cut + 1));
    }
    parts.add(rest);
    return parts;
  }

  @Override
  public void subscribe(String topic, Consumer<String> listener) {
    listeners.computeIfAbsent(topic, t -> new CopyOnWriteArrayList<>()).add(listener);
  }

  @Override
  public void onResync(Runnable listener) {
    resync.add(listener);
  }

  @Override
  public void singleton(Managed job) {
    jobs.add(job);
  }

  @Override
  public boolean leads() {
    return leading;
  }

  @Override
  public synchronized void start() {
    running = true;
    CountDownLatch done = new CountDownLatch(1);
    finished = done;
    loop =
        listener.submit(
            () -> {
              try {
                run();
              } finally {
                done.countDown();
              }
            });
  }

  @Override
  public void stop() throws InterruptedException {
    running = false;
    Future<?> current;
    CountDownLatch done;
    synchronized (this) {
      current = loop;
      done = finished;
    }
    if (current != null) {
      current.cancel(true);
      done.await(poll.toMillis() * 4 + 10_000, TimeUnit.MILLISECONDS);
    }
    lose();
  }

  private void run() {
    boolean first = true;
    while (running) {
      try (Connection connection = connect()) {
        try (Statement statement = connection.createStatement()) {
          statement.execute("LISTEN " + CHANNEL);
        }
        if (!first) {
          LOG.info("listening to the other coordinators again; reading shared state afresh");
          resync.forEach(PostgresCluster::quietly);
        }
        first = false;
        listen(connection);
      } catch (SQLException | RuntimeException e) {
        if (running) {
          LOG.warn(
              "lost the other coordinators' channel ({}); retrying in {} ms",
              e.getMessage(),
              retry.toMillis());
        }
      }
      lose();
      sleep(retry);
    }
  }

  private void listen(Connection connection) throws SQLException {
    PGConnection pg = connection.unwrap(PGConnection.class);
    try (PreparedStatement tryLock = connection.prepareStatement("SELECT pg_try_advisory_lock(?)");
        PreparedStatement check = connection.prepareStatement("SELECT 1")) {
      tryLock.setLong(1, LEASE_KEY);
      // the lock is tried (or the connection checked) once per poll, however many notifications
      // arrive meanwhile: under a stream of them, not one round trip more per notification
      long due = System.nanoTime();
      while (running) {
        long now = System.nanoTime();
        if (now - due >= 0) {
          if (!leading) {
            try (ResultSet result = tryLock.executeQuery()) {
              result.next();
              if (result.getBoolean(1)) {
                lead();
              }
            }
          } else {
            // a dead server is noticed here, not only when the next notification is due
            check.executeQuery().close();
          }
          due = now + poll.toNanos();
        }
        long wait = Math.max(1, (due - System.nanoTime()) / 1_000_000);
        PGNotification[] notifications = pg.getNotifications((int) Math.min(wait, poll.toMillis()));
        if (notifications != null) {
          for (PGNotification notification : notifications) {
            deliver(notification.getParameter());
          }
        }
      }
    }
  }

  private void deliver(String payload) {
    String[] parts = payload.split(" ", 3);
    if (parts.length < 3 || parts[0].equals(self)) {
      return;
    }
    for (Consumer<String> listener : listeners.getOrDefault(parts[1], List.of())) {
      quietly(() -> listener.accept(parts[2]));
    }
  }

  private synchronized void lead() {
    LOG.info("this coordinator now runs the once-per-network jobs");
    leading = true;
    for (Managed job : jobs) {
      quietly(
          () -> {
            try {
              job.start();
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          });
    }
  }

  private synchronized void lose() {
    if (!leading) {
      return;
    }
    leading = false;
    for (int i = jobs.size() - 1; i >= 0; i--) {
      Managed job = jobs.get(i);
      quietly(
          () -> {
            try {
              job.stop();
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          });
    }
  }

  private Connection connect() throws SQLException {
    Properties properties = new Properties();
    properties.putAll(database.getProperties());
    if (database.getUser() != null) {
      properties.setProperty("user", database.getUser());
    }
    if (database.getPassword() != null) {
      properties.setProperty("password", database.getPassword());
    }
    return DriverManager.getConnection(database.getUrl(), properties);
  }

  private static void quietly(Runnable action) {
    try {
      action.run();
    } catch (RuntimeException e) {
      LOG.error("cluster listener failed", e);
    }
  }

  private void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }
}
