package org.distr1.mirrors.coordinator.notify;

import java.util.List;
import java.util.Objects;

/** One plain-text message. */
public record Mail(List<String> to, String subject, String body) {
  public Mail {
    to = List.copyOf(to);
    if (to.isEmpty()) {
      throw new IllegalArgumentException("a mail needs a recipient");
    }
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(body, "body");
  }
}
