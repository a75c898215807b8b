package org.distr1.mirrors.coordinator.notify;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.distr1.mirrors.coordinator.platform.Platform;
import org.distr1.mirrors.coordinator.probe.ProbeTracker;
import org.distr1.mirrors.coordinator.registry.Registry;

/**
 * {@code notifications:} e-mail to a mirror's operator when it goes down, falls behind, fails
 * verification or is disabled, and when that ends; a digest for the maintainers
 * (docs/notifications.md). Off by default: it needs an SMTP server.
 */
public class NotifyFactory {
  @JsonProperty public boolean enabled = false;

  @Valid @NotNull @JsonProperty public SmtpFactory smtp = new SmtpFactory();

  /** How often every mirror is looked at. */
  @NotNull
  @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS)
  @JsonProperty
  public Duration interval = Duration.minutes(1);

  /** How often the maintainers get their digest (only when there is something in it). */
  @NotNull
  @MinDuration(value = 1, unit = TimeUnit.MINUTES)
  @MaxDuration(value = 7, unit = TimeUnit.DAYS)
  @JsonProperty
  public Duration digestInterval = Duration.hours(24);

  /** Who gets the digest; empty: nobody. */
  @NotNull @JsonProperty public List<@Email @NotEmpty String> maintainers = new ArrayList<>();

  /** The public status page, named in every mail. */
  @NotEmpty @JsonProperty public String statusPage = "https://repo.distr1.org/";

  @JsonIgnore
  @AssertTrue(message = "notifications.smtp needs a host and a from address when enabled")
  public boolean isSmtpComplete() {
    return !enabled || (smtp != null && smtp.host != null && smtp.from != null);
  }

  @JsonIgnore
  @AssertTrue(message = "notifications.smtp.password needs a username")
  public boolean isPasswordWithUser() {
    return smtp == null || smtp.password == null || smtp.username != null;
  }

  /**
   * Registers the once-per-network notifier when enabled.
   *
   * @param probes the prober's state (its live one on the coordinator that runs both)
   * @param maxSyncAge routing's limit: older mirrors are behind
   */
  public void build(
      Platform platform, Registry registry, ProbeTracker probes, java.time.Duration maxSyncAge) {
    if (!enabled) {
      return;
    }
    platform
        .cluster()
        .singleton(
            new Notifier(
                platform.jdbi(),
                () -> registry.administration().list(null),
                probes::records,
                smtp.build(),
                new NotifySettings(
                    java.time.Duration.ofMillis(interval.toMilliseconds()),
                    java.time.Duration.ofMillis(digestInterval.toMilliseconds()),
                    maxSyncAge,
                    maintainers,
                    statusPage),
                platform.clock(),
                platform
                    .environment()
                    .lifecycle()
                    .scheduledExecutorService("notifications", true)
                    .build()));
  }
}
