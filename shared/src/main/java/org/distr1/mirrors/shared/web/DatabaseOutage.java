package org.distr1.mirrors.shared.web;

import java.io.IOException;
import java.sql.SQLException;
import java.util.Set;
import org.distr1.mirrors.shared.api.ApiError;

/**
 * Whether a failure means the database cannot be used right now (gone, closed, out of space,
 * read-only) rather than a bug: such a request is answered {@code 503} with {@code Retry-After},
 * and the pool, which validates connections before it lends them, replaces the broken ones by
 * itself once the database is usable again. Decided by SQLSTATE classes, which every driver
 * reports, plus H2's own codes for a closed or read-only database.
 */
public final class DatabaseOutage {

  /** Seconds a client is told to wait. */
  public static final int RETRY_AFTER_SECONDS = 10;

  /**
   * H2: database closed, called at shutdown, read-only, file I/O errors, out of disk, and the file
   * still locked by the closing store while the pool reopens it.
   */
  private static final Set<Integer> H2_CODES =
      Set.of(90098, 90121, 90097, 90028, 90031, 90100, 90020);

  private DatabaseOutage() {}

  public static boolean is(Throwable failure) {
    return is(failure, false, 0);
  }

  /**
   * Looks through causes and suppressed failures (Jdbi suppresses the close that follows a failed
   * commit); an I/O failure beneath an SQL error is the database's disk.
   */
  private static boolean is(Throwable failure, boolean underSql, int depth) {
    if (failure == null || depth > 32) {
      return false;
    }
    if (failure instanceof SQLException sql
        && (outageState(sql.getSQLState()) || H2_CODES.contains(sql.getErrorCode()))) {
      return true;
    }
    if (underSql && failure instanceof IOException) {
      return true;
    }
    boolean sql = underSql || failure instanceof SQLException;
    for (Throwable suppressed : failure.getSuppressed()) {
      if (is(suppressed, sql, depth + 1)) {
        return true;
      }
    }
    return failure.getCause() != failure && is(failure.getCause(), sql, depth + 1);
  }

  /**
   * 08: connection exceptions; 53: insufficient resources (disk full); 57P: the server is shutting
   * down or starting; 25006: a read-only transaction (a read-only replica or disk).
   */
  private static boolean outageState(String state) {
    return state != null
        && (state.startsWith("08")
            || state.startsWith("53")
            || state.startsWith("57P")
            || state.equals("25006"));
  }

  public static ApiError error() {
    return new ApiError(
        503,
        "database_unavailable",
        "The database cannot be written right now; nothing was changed. Try again in "
            + RETRY_AFTER_SECONDS
            + " s.");
  }
}
