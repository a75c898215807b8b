package org.distr1.mirrors.coordinator.registry;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.DataSize;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.concurrent.TimeUnit;
import org.distr1.mirrors.shared.api.DiskRequirement;

/**
 * Automatic verification of mirrors against the published requirements: after enrollment (and after
 * a change that sends a mirror back to pending), then every {@code interval}.
 */
public class VerificationFactory {

  private boolean enabled = true;

  @NotNull
  @MinDuration(value = 1, unit = TimeUnit.SECONDS)
  private Duration interval = Duration.hours(1);

  /** How long one check may wait for the mirror's complete answer. */
  @NotNull
  @MinDuration(value = 1, unit = TimeUnit.MILLISECONDS)
  private Duration timeout = Duration.seconds(30);

  /** Mirrors verified at the same time. */
  @Min(1)
  @Max(256)
  private int concurrency = 8;

  /** A freshness file older than this fails (nodes sync at least every 24 h). */
  @NotNull
  @MinDuration(value = 1, unit = TimeUnit.MINUTES)
  private Duration maxSyncAge = Duration.hours(25);

  /**
   * A file of the origin tree with {@code .zst} and {@code .gz} siblings that every mirror carries,
   * relative to {@code origin.root} (and to {@code /distri/} of a mirror), e.g. {@code
   * supersilverhaze/pkg/meta.binaryproto}.
   */
  @NotEmpty
  @Pattern(
      regexp = "(?!distri/)(?!(.*/)?\\.\\.?(/|$))[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*",
      message =
          "must be a path below /distri/ without . or .. (e.g."
              + " supersilverhaze/pkg/meta.binaryproto)")
  private String probeFile = "supersilverhaze/pkg/meta.binaryproto";

  /**
   * The space a node reports available to its mirror (tree plus free) must be at least this big.
   */
  @NotNull private DataSize minDisk = DataSize.bytes(DiskRequirement.PUBLISHED_BYTES);

  @JsonProperty
  public boolean isEnabled() {
    return enabled;
  }

  @JsonProperty
  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  @JsonProperty
  public Duration getInterval() {
    return interval;
  }

  @JsonProperty
  public void setInterval(Duration interval) {
    this.interval = interval;
  }

  @JsonProperty
  public Duration getTimeout() {
    return timeout;
  }

  @JsonProperty
  public void setTimeout(Duration timeout) {
    this.timeout = timeout;
  }

  @JsonProperty
  public int getConcurrency() {
    return concurrency;
  }

  @JsonProperty
  public void setConcurrency(int concurrency) {
    this.concurrency = concurrency;
  }

  @JsonProperty
  public Duration getMaxSyncAge() {
    return maxSyncAge;
  }

  @JsonProperty
  public void setMaxSyncAge(Duration maxSyncAge) {
    this.maxSyncAge = maxSyncAge;
  }

  @JsonProperty
  public String getProbeFile() {
    return probeFile;
  }

  @JsonProperty
  public void setProbeFile(String probeFile) {
    this.probeFile = probeFile;
  }

  @JsonProperty
  public DataSize getMinDisk() {
    return minDisk;
  }

  @JsonProperty
  public void setMinDisk(DataSize minDisk) {
    this.minDisk = minDisk;
  }
}
