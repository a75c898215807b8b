package org.distr1.mirrors.coordinator.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.security.Principal;
import java.time.Clock;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The audit log of every admin and operator action. Write the entry with the same {@link Handle}
 * (inside the same transaction) as the change it describes, so that the change and its record
 * commit or fail together.
 */
public final class AuditLog {

  public static final int MAX_PAGE = 500;

  private final Jdbi jdbi;
  private final ObjectMapper json;
  private final Clock clock;

  public AuditLog(Jdbi jdbi, ObjectMapper json, Clock clock) {
    this.jdbi = jdbi;
    this.json = json;
    this.clock = clock;
  }

  /**
   * @param actor who acted; its {@link Principal#getName()} is recorded
   * @param subject what was acted on, e.g. {@code mirror:42}, {@code allowlist:17}
   * @param before the subject before (any JSON-serializable value), null if it did not exist
   * @param after the subject after, null if it no longer exists
   */
  public void record(
      Handle handle, Principal actor, String action, String subject, Object before, Object after) {
    record(handle, actor.getName(), action, subject, before, after);
  }

  public void record(
      Handle handle, String actor, String action, String subject, Object before, Object after) {
    handle
        .attach(AuditDao.class)
        .insert(clock.instant(), actor, action, subject, toJson(before), toJson(after));
  }

  /** Newest first, below {@code beforeId} (for paging), optionally for one subject. */
  public List<AuditEntry> page(String subject, long beforeId, int limit) {
    int bounded = Math.max(1, Math.min(limit, MAX_PAGE));
    return jdbi.withExtension(AuditDao.class, dao -> dao.page(subject, beforeId, bounded));
  }

  private String toJson(Object value) {
    if (value == null) {
      return null;
    }
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot audit " + value.getClass().getName(), e);
    }
  }
}
