package org.distr1.mirrors.coordinator.notify;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How the notifier runs.
 *
 * @param maxSyncAge routing's limit ({@code routing.maxSyncAge}): a mirror older is behind
 * @param maintainers who gets the digest; empty: nobody
 * @param statusPage the public status page, named in every mail
 */
public record NotifySettings(
    Duration interval,
    Duration digestInterval,
    Duration maxSyncAge,
    List<String> maintainers,
    String statusPage) {
  public NotifySettings {
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(digestInterval, "digestInterval");
    Objects.requireNonNull(maxSyncAge, "maxSyncAge");
    maintainers = List.copyOf(maintainers);
    Objects.requireNonNull(statusPage, "statusPage");
  }
}
