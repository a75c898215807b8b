package org.distr1.mirrors.coordinator.notify;

import java.util.Arrays;

/** What an operator is told about, once when it begins and once when it ends. */
public enum Problem {
  /** Its probes fail: clients are not sent to it. */
  DOWN("down"),
  /** Its last successful sync began longer ago than the mirror requirements allow (24 h). */
  BEHIND("behind"),
  /** The coordinator's verification against the mirror requirements failed. */
  VERIFICATION("verification"),
  /** The maintainer disabled it. */
  DISABLED("disabled");

  private final String code;

  Problem(String code) {
    this.code = code;
  }

  /** As stored and as mails name it. */
  public String code() {
    return code;
  }

  static Problem of(String code) {
    return Arrays.stream(values())
        .filter(p -> p.code.equals(code))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no problem " + code));
  }
}
