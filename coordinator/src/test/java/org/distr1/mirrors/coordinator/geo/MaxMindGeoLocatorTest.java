package org.distr1.mirrors.coordinator.geo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaxMindGeoLocatorTest {
  @TempDir Path dir;
  private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void stopPoller() {
    poller.shutdownNow();
  }

  private static InetAddress ip(String literal) throws Exception {
    return InetAddress.getByName(literal);
  }

  private Path city(String name, String country, double latitude) throws Exception {
    Path file = dir.resolve(name);
    new MmdbWriter("GeoLite2-City", "test")
        .insert(ip("198.51.100.0"), 24, GeoIpRecords.city(country, "EU", latitude, 8.5))
        .insert(ip("2001:db8:1::"), 48, GeoIpRecords.city("US", "NA", 40.7, -74.0))
        .insert(ip("203.0.113.0"), 24, GeoIpRecords.countryOnly("JP", "AS"))
        .write(file);
    return file;
  }

  @Test
  void locatesCountryContinentPointAndAsn() throws Exception {
    Path asn = dir.resolve("asn.mmdb");
    new MmdbWriter("GeoLite2-ASN", "test")
        .insert(ip("198.51.100.0"), 24, GeoIpRecords.asn(64501, "Example"))
        .write(asn);
    MaxMindGeoLocator locator =
        new MaxMindGeoLocator(city("city.mmdb", "DE", 50.1), asn, Duration.ofHours(1), poller);
    locator.start();
    try {
      assertThat(locator.locate(ip("198.51.100.7")))
          .isEqualTo(new ClientLocation("DE", "EU", new GeoPoint(50.1, 8.5), 64501));
      assertThat(locator.locate(ip("2001:db8:1::42")).countryCode()).isEqualTo("US");
      assertThat(locator.locate(ip("203.0.113.9")))
          .isEqualTo(new ClientLocation("JP", "AS", null, 0));
      assertThat(locator.locate(ip("192.0.2.1"))).isEqualTo(ClientLocation.UNKNOWN);
      assertThat(locator.healthCheck().execute().isHealthy()).isTrue();
    } finally {
      locator.stop();
    }
  }

  @Test
  void missingDatabaseIsUnhealthyButNeverFailsALookup_andIsPickedUpWhenItAppears()
      throws Exception {
    Path file = dir.resolve("later.mmdb");
    MaxMindGeoLocator locator = new MaxMindGeoLocator(file, null, Duration.ofHours(1), poller);
    locator.start();
    try {
      assertThat(locator.healthCheck().execute().isHealthy()).isFalse();
      assertThat(locator.locate(ip("198.51.100.7"))).isEqualTo(ClientLocation.UNKNOWN);

      city("later.mmdb", "DE", 50.1);
      locator.reload();
      assertThat(locator.healthCheck().execute().isHealthy()).isTrue();
      assertThat(locator.locate(ip("198.51.100.7")).countryCode()).isEqualTo("DE");
    } finally {
      locator.stop();
    }
  }

  @Test
  void changedFileIsReloaded_andABrokenReplacementKeepsTheOldDatabase() throws Exception {
    Path file = city("city.mmdb", "DE", 50.1);
    MaxMindGeoLocator locator = new MaxMindGeoLocator(file, null, Duration.ofHours(1), poller);
    locator.start();
    try {
      city("city.mmdb", "FR", 48.8);
      // same-second rewrites can keep the mtime; the size may match too, so move the clock on
      Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
      locator.reload();
      assertThat(locator.locate(ip("198.51.100.7")).countryCode()).isEqualTo("FR");

      Files.writeString(file, "not a database");
      locator.reload();
      assertThat(locator.locate(ip("198.51.100.7")).countryCode()).isEqualTo("FR");
    } finally {
      locator.stop();
    }
  }
}
