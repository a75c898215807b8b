package org.distr1.mirrors.coordinator.registry;

import java.security.Principal;
import java.util.Objects;
import org.distr1.mirrors.coordinator.audit.AuditLog;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Every change of one mirror goes through here: lock its row, change it, record before/after in the
 * audit log in the same transaction, and after commit tell the listeners what changed (told from
 * the difference, so no action can forget an event).
 */
final class MirrorChanges {

  /** Changes the locked mirror through {@code handle}. */
  @FunctionalInterface
  interface Mutation {
    void apply(Handle handle, MirrorRecord before);
  }

  /**
   * @param after null when the mirror was removed
   */
  record Change(MirrorRecord before, MirrorRecord after) {
    boolean baseUrlOrSourcesChanged() {
      return after != null
          && (!before.profile().baseUrl().equals(after.profile().baseUrl())
              || !before.rsyncSources().equals(after.rsyncSources()));
    }
  }

  private final Jdbi jdbi;
  private final MirrorStore store;
  private final AuditLog audit;
  private final RegistryEvents events;
  private final MirrorTokens tokens;

  MirrorChanges(
      Jdbi jdbi, MirrorStore store, AuditLog audit, RegistryEvents events, MirrorTokens tokens) {
    this.jdbi = jdbi;
    this.store = store;
    this.audit = audit;
    this.events = events;
    this.tokens = tokens;
  }

  Change apply(long id, Principal actor, String action, Mutation mutation) {
    Change change =
        jdbi.inTransaction(
            handle -> {
              MirrorRecord before = store.lock(handle, id);
              mutation.apply(handle, before);
              MirrorRecord after = store.find(handle, id).orElse(null);
              audit.record(handle, actor, action, MirrorRecord.subject(id), before, after);
              return new Change(before, after);
            });
    // any change may be a rotation or removal: the cached hash must not outlive the commit
    tokens.forget(id);
    announce(change);
    return change;
  }

  private void announce(Change change) {
    MirrorRecord before = change.before();
    MirrorRecord after = change.after();
    if (after == null) {
      events.removed(before);
      return;
    }
    boolean notified = false;
    if (before.state() != after.state()) {
      switch (after.state()) {
        case APPROVED -> events.approved(after);
        case DISABLED -> events.disabled(after);
        case PENDING -> events.unapproved(after);
      }
      notified = true;
    }
    if (!Objects.equals(before.rsyncSources(), after.rsyncSources())) {
      events.sourcesChanged(after);
      notified = true;
    }
    if (!notified) {
      events.changed(after.id());
    }
  }
}
