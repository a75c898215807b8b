package org.distr1.mirrors.coordinator.geo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.distr1.mirrors.coordinator.geo.HostLocator.Located;
import org.distr1.mirrors.shared.api.GeoLocation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mirror hosts located by real mmdb files (City and ASN) that place loopback networks. */
class GeoIpHostLocatorTest {
  @TempDir Path dir;
  private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor();
  private final ExecutorService resolver = Executors.newFixedThreadPool(2);
  private MaxMindGeoLocator geo;
  private GeoIpHostLocator hosts;

  @BeforeEach
  void setUp() throws Exception {
    Path city = dir.resolve("city.mmdb");
    new MmdbWriter("GeoLite2-City", "test")
        .insert(InetAddress.getByName("127.0.0.2"), 32, GeoIpRecords.city("DE", "EU", 50.1, 8.7))
        .insert(InetAddress.getByName("127.0.0.3"), 32, GeoIpRecords.countryOnly("JP", "AS"))
        .write(city);
    Path asn = dir.resolve("asn.mmdb");
    new MmdbWriter("GeoLite2-ASN", "test")
        .insert(InetAddress.getByName("127.0.0.0"), 29, GeoIpRecords.asn(64500, "Example"))
        .write(asn);
    geo = new MaxMindGeoLocator(city, asn, Duration.ofHours(1), poller);
    geo.start();
    hosts = new GeoIpHostLocator(geo, Duration.ofMillis(500), resolver);
  }

  @AfterEach
  void tearDown() {
    resolver.shutdownNow();
    geo.stop();
    poller.shutdownNow();
  }

  @Test
  void anAddressInTheDatabaseGetsItsLocationAndAsn() {
    Located located = hosts.locate("127.0.0.2");
    assertThat(located.location()).isEqualTo(new GeoLocation("DE", "EU", 50.1, 8.7));
    assertThat(located.asn()).isEqualTo(64500);
    assertThat(located.note()).isNull();
  }

  @Test
  void whatGeoIpCannotPlaceIsLeftEmptyWithAReason() {
    Located countryOnly = hosts.locate("127.0.0.3");
    assertThat(countryOnly.location()).isNull();
    assertThat(countryOnly.asn()).isEqualTo(64500); // the AS is known even without a position
    assertThat(countryOnly.note()).contains("no position").contains("127.0.0.3");

    Located unknown = hosts.locate("127.0.0.9");
    assertThat(unknown.location()).isNull();
    assertThat(unknown.asn()).isZero();
    assertThat(unknown.note()).contains("127.0.0.9");

    assertThat(hosts.locate("[::1]").note()).contains("no position for [::1] (::1)");
  }

  @Test
  void aNameThatDoesNotResolveLeavesTheLocationEmpty() {
    Located located = hosts.locate("mirror.invalid");
    assertThat(located.location()).isNull();
    assertThat(located.asn()).isZero();
    // no network here: either the resolver says so at once, or the bounded wait ends it
    assertThat(located.note())
        .startsWith("host mirror.invalid ")
        .containsAnyOf("does not resolve", "did not resolve within 500 ms");
  }
}
