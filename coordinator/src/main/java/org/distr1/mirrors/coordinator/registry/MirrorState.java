package org.distr1.mirrors.coordinator.registry;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where a mirror stands with the maintainer. Removal deletes the mirror. */
public enum MirrorState {
  /** Enrolled or changed, waiting for verification and approval; never routed to. */
  PENDING,
  /** Approved by the maintainer; routed to while healthy and fresh (and not paused). */
  APPROVED,
  /** Switched off by the maintainer, with a reason; never routed to, loses rsync access. */
  DISABLED;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  static MirrorState fromWire(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}
