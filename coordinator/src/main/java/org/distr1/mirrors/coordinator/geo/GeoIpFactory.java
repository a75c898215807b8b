package org.distr1.mirrors.coordinator.geo;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.google.common.util.concurrent.ThreadFactoryBuilder;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/** {@code geoip:} where the GeoIP2 databases are and how often to look for updates. */
public class GeoIpFactory {
  /** A GeoLite2/GeoIP2/DB-IP City mmdb; missing at start-up is a warning, not an error. */
  @NotEmpty @JsonProperty public String cityDatabase = "/var/lib/GeoIP/GeoLite2-City.mmdb";

  /** Optional ASN mmdb: clients then prefer mirrors in their own autonomous system. */
  @JsonProperty public String asnDatabase;

  @NotNull
  @MinDuration(value = 1, unit = TimeUnit.SECONDS)
  @JsonProperty
  public Duration reloadInterval = Duration.minutes(1);

  /** Enrollment waits at most this for the DNS name of a mirror's base URL. */
  @NotNull
  @MinDuration(value = 10, unit = TimeUnit.MILLISECONDS)
  @JsonProperty
  public Duration hostLookupTimeout = Duration.seconds(2);

  /** Builds the locator, managed and health-checked as {@code geoip}. */
  public MaxMindGeoLocator build(Environment environment) {
    MaxMindGeoLocator locator =
        new MaxMindGeoLocator(
            Path.of(cityDatabase),
            asnDatabase == null ? null : Path.of(asnDatabase),
            java.time.Duration.ofMillis(reloadInterval.toMilliseconds()),
            environment.lifecycle().scheduledExecutorService("geoip-reload", true).build());
    environment.lifecycle().manage(locator);
    environment.healthChecks().register("geoip", locator.healthCheck());
    return locator;
  }

  /**
   * Locates mirrors' hosts at enrollment with {@code geo} (from {@link #build}). Two daemon threads
   * resolve names: a lookup the JDK cannot interrupt must not hold up the process's exit.
   */
  public GeoIpHostLocator hostLocator(Environment environment, GeoLocator geo) {
    ThreadFactory daemons =
        new ThreadFactoryBuilder().setNameFormat("enrollment-dns-%d").setDaemon(true).build();
    return new GeoIpHostLocator(
        geo,
        java.time.Duration.ofMillis(hostLookupTimeout.toMilliseconds()),
        environment
            .lifecycle()
            .executorService("enrollment-dns-%d", daemons)
            .minThreads(2)
            .maxThreads(2)
            .build());
  }
}
