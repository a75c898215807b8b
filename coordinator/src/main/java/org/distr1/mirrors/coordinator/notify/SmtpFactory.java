package org.distr1.mirrors.coordinator.notify;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.concurrent.TimeUnit;

/** {@code notifications.smtp:} the server the coordinator hands its mail to. */
public class SmtpFactory {

  /** How the connection is protected. */
  public enum Tls {
    /** Plain SMTP, then {@code STARTTLS}, required (submission, port 587). */
    STARTTLS,
    /** TLS from the first byte (SMTPS, port 465). */
    SMTPS,
    /** No TLS: only for a relay on the same host or loopback. */
    NONE
  }

  @Pattern(regexp = "[A-Za-z0-9.:-]+", message = "must be a host name or address")
  @JsonProperty
  public String host;

  @Min(1)
  @Max(65535)
  @JsonProperty
  public int port = 587;

  @NotNull @JsonProperty public Tls tls = Tls.STARTTLS;

  /** Absent: the server takes mail without logging in. */
  @JsonProperty public String username;

  @JsonProperty public String password;

  /** The sender every message carries. */
  @Email @JsonProperty public String from;

  /** Connecting, and each read and write, give up after this. */
  @NotNull
  @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS)
  @JsonProperty
  public Duration timeout = Duration.seconds(20);

  public Mailer build() {
    return new SmtpMailer(
        host,
        port,
        tls,
        username,
        password,
        from,
        java.time.Duration.ofMillis(timeout.toMilliseconds()));
  }
}
