package org.distr1.mirrors.coordinator.admin;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.List;
import org.distr1.mirrors.coordinator.allowlist.AllowlistEntry;
import org.distr1.mirrors.shared.api.MirrorView;

/**
 * The answer to a disable: the mirror view, and the allowlist entries that still admit its rsync
 * sources after the disable withdrew what admitted only them (empty: its rsync access ended).
 */
public record DisabledMirror(
    @JsonUnwrapped MirrorView mirror, List<AllowlistEntry> rsyncAccessKeptBy) {

  public DisabledMirror {
    rsyncAccessKeptBy = List.copyOf(rsyncAccessKeptBy);
  }
}
