package org.distr1.mirrors.coordinator.audit;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;

/**
 * One audited action: who ({@code maintainer:alice}, {@code mirror:42}, {@code public:192.0.2.1},
 * {@code cli}), did what ({@code mirror.approve}), to what ({@code mirror:42}), when, and the
 * subject's JSON before and after (null when it did not exist).
 */
public record AuditEntry(
    long id,
    Instant at,
    String actor,
    String action,
    String subject,
    @JsonRawValue String before,
    @JsonRawValue String after) {
  public AuditEntry {
    requireNonNull(at, "at");
    requireNonNull(actor, "actor");
    requireNonNull(action, "action");
    requireNonNull(subject, "subject");
  }
}
