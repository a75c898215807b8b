package org.distr1.mirrors.coordinator.db;

import com.codahale.metrics.health.HealthCheck;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * Healthy only when a write commits. Dropwizard's {@code database} check runs the validation query,
 * which a read-only database (file system remounted read-only, {@code
 * default_transaction_read_only}) still answers while every write of the API is refused with 503.
 * One row, rewritten per check: the cost of a check is one tiny committed transaction.
 */
public final class WritableDatabase extends HealthCheck {

  public static final String NAME = "database-writable";
  private static final int TIMEOUT_SECONDS = 5;

  private final Jdbi jdbi;
  private final Clock clock;

  public WritableDatabase(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  @Override
  protected Result check() {
    try {
      int rows =
          jdbi.inTransaction(
              handle ->
                  handle
                      .createUpdate("UPDATE health_probe SET written_at = :now WHERE id = 1")
                      .bind("now", OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
                      .setQueryTimeout(TIMEOUT_SECONDS)
                      .execute());
      return rows == 1
          ? Result.healthy("a write committed")
          : Result.unhealthy("the health_probe row is missing; run the migrations");
    } catch (JdbiException e) {
      return Result.unhealthy("the database does not take writes: " + reason(e));
    }
  }

  /** The database's own words, without the Java exception around them. */
  private static String reason(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLException sql) {
        String message =
            sql.getMessage() == null ? "" : sql.getMessage().lines().findFirst().orElse("");
        return message + " (SQLSTATE " + sql.getSQLState() + ")";
      }
    }
    return failure.getClass().getSimpleName();
  }
}
