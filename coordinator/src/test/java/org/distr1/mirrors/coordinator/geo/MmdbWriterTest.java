package org.distr1.mirrors.coordinator.geo;

import static org.assertj.core.api.Assertions.assertThat;

import com.maxmind.geoip2.DatabaseReader;
import com.maxmind.geoip2.model.AsnResponse;
import com.maxmind.geoip2.model.CityResponse;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files written by MmdbWriter are read back by MaxMind's own reader. */
class MmdbWriterTest {
  @TempDir Path dir;

  @Test
  void maxMindReaderFindsEveryNetworkAndNothingElse() throws Exception {
    MmdbWriter writer = new MmdbWriter("GeoLite2-City", "test");
    SplittableRandom random = new SplittableRandom(5);
    int[][] networks = new int[2000][];
    for (int n = 0; n < networks.length; n++) {
      networks[n] = new int[] {1 + random.nextInt(200), random.nextInt(256), random.nextInt(256)};
      writer.insert(
          InetAddress.getByAddress(
              new byte[] {(byte) networks[n][0], (byte) networks[n][1], (byte) networks[n][2], 0}),
          24,
          GeoIpRecords.city("C" + (char) ('A' + n % 26), "EU", n % 90, -(n % 180)));
    }
    writer.insert(
        InetAddress.getByName("2001:db8:aa::"), 48, GeoIpRecords.city("JP", "AS", 35, 139));
    Path file = dir.resolve("city.mmdb");
    writer.write(file);

    try (DatabaseReader reader = new DatabaseReader.Builder(file.toFile()).build()) {
      assertThat(reader.getMetadata().getDatabaseType()).isEqualTo("GeoLite2-City");
      // later inserts win where random networks repeat, so check from the last one backwards
      java.util.Set<String> seen = new java.util.HashSet<>();
      for (int n = networks.length - 1; n >= 0; n--) {
        String prefix = networks[n][0] + "." + networks[n][1] + "." + networks[n][2] + ".";
        if (!seen.add(prefix)) {
          continue;
        }
        CityResponse city = reader.city(InetAddress.getByName(prefix + random.nextInt(256)));
        assertThat(city.getCountry().getIsoCode()).isEqualTo("C" + (char) ('A' + n % 26));
        assertThat(city.getLocation().getLatitude()).isEqualTo(n % 90);
        assertThat(city.getLocation().getLongitude()).isEqualTo(-(n % 180));
        assertThat(city.getLocation().getAccuracyRadius()).isEqualTo(50);
        assertThat(city.getContinent().getCode()).isEqualTo("EU");
      }
      assertThat(reader.city(InetAddress.getByName("2001:db8:aa:1::9")).getCountry().getIsoCode())
          .isEqualTo("JP");
      assertThat(reader.tryCity(InetAddress.getByName("2001:db8:ab::1"))).isEmpty();
      assertThat(reader.tryCity(InetAddress.getByName("250.1.1.1"))).isEmpty();
    }
  }

  @Test
  void moreSpecificNetworkInsideABroaderOne() throws Exception {
    Path file = dir.resolve("asn.mmdb");
    new MmdbWriter("GeoLite2-ASN", "test")
        .insert(InetAddress.getByName("10.0.0.0"), 8, GeoIpRecords.asn(64500, "Wide"))
        .insert(InetAddress.getByName("10.20.0.0"), 16, GeoIpRecords.asn(4_200_000_000L, "Narrow"))
        .write(file);
    try (DatabaseReader reader = new DatabaseReader.Builder(file.toFile()).build()) {
      Optional<AsnResponse> wide = reader.tryAsn(InetAddress.getByName("10.1.2.3"));
      assertThat(wide.orElseThrow().getAutonomousSystemNumber()).isEqualTo(64500L);
      AsnResponse narrow = reader.asn(InetAddress.getByName("10.20.99.1"));
      assertThat(narrow.getAutonomousSystemNumber()).isEqualTo(4_200_000_000L);
      assertThat(narrow.getAutonomousSystemOrganization()).isEqualTo("Narrow");
      assertThat(narrow.getNetwork().toString()).isEqualTo("10.20.0.0/16");
    }
  }

  @Test
  void recurringKeysAndValuesAreWrittenOnceAndPointedTo() throws Exception {
    MmdbWriter writer = new MmdbWriter("GeoLite2-City", "test");
    for (int n = 0; n < 200; n++) {
      writer.insert(
          InetAddress.getByAddress(new byte[] {10, (byte) n, 0, 0}),
          16,
          GeoIpRecords.city("NZ", "OC", -41 + n / 100.0, 174.8));
    }
    byte[] bytes = writer.toBytes();
    String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
    assertThat(text.split("iso_code", -1)).hasSize(2); // once, though 200 records hold it
    assertThat(text.split("latitude", -1)).hasSize(2);
    try (DatabaseReader reader =
        new DatabaseReader.Builder(new java.io.ByteArrayInputStream(bytes)).build()) {
      CityResponse city = reader.city(InetAddress.getByName("10.199.1.1"));
      assertThat(city.getCountry().getIsoCode()).isEqualTo("NZ");
      assertThat(city.getLocation().getLatitude()).isEqualTo(-41 + 199 / 100.0);
    }
  }
}
