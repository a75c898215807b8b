package org.distr1.mirrors.coordinator.admin;

import java.util.List;
import org.distr1.mirrors.coordinator.allowlist.AllowlistEntry;

/**
 * The answer to a removal: the id, and the allowlist entries that still admit the removed mirror's
 * rsync sources (empty: its rsync access ended).
 */
public record RemovedMirror(long id, List<AllowlistEntry> rsyncAccessKeptBy) {

  public RemovedMirror {
    rsyncAccessKeptBy = List.copyOf(rsyncAccessKeptBy);
  }
}
