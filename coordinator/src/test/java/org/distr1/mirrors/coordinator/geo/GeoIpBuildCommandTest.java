package org.distr1.mirrors.coordinator.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.maxmind.geoip2.DatabaseReader;
import com.maxmind.geoip2.model.CityResponse;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.sourceforge.argparse4j.inf.Namespace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code geoip-build}: the demo's networks file becomes databases MaxMind's reader agrees with. */
class GeoIpBuildCommandTest {
  static final Path DEMO_NETWORKS = Path.of("../config/demo/networks.txt");

  @TempDir Path dir;

  static DatabaseReader open(Path file) throws Exception {
    return new DatabaseReader.Builder(file.toFile()).build();
  }

  void build(Path networks, Path city, Path asn) throws Exception {
    Map<String, Object> arguments = new HashMap<>();
    arguments.put("networks", networks.toString());
    arguments.put("output", city.toString());
    arguments.put("asnOutput", asn == null ? null : asn.toString());
    new GeoIpBuildCommand().run(null, new Namespace(arguments));
  }

  @Test
  void demoNetworksArePlacedOnTheirContinents() throws Exception {
    Path city = dir.resolve("city.mmdb");
    Path asn = dir.resolve("asn.mmdb");
    build(DEMO_NETWORKS, city, asn);
    try (DatabaseReader reader = open(city)) {
      assertThat(reader.getMetadata().getDatabaseType()).isEqualTo("GeoIP2-City");
      Map<String, String> continents =
          Map.of(
              "198.51.100.7",
              "EU",
              "2001:db8:e::7",
              "EU",
              "192.0.2.5",
              "NA",
              "2001:db8:a:1::5",
              "NA",
              "203.0.113.9",
              "AS",
              "2001:db8:f::9",
              "AS",
              "203.0.113.200",
              "OC");
      continents.forEach(
          (address, continent) -> {
            CityResponse response = lookup(reader, address);
            assertThat(response.getContinent().getCode()).as(address).isEqualTo(continent);
          });
      CityResponse berlin = lookup(reader, "198.51.100.7");
      assertThat(berlin.getCountry().getIsoCode()).isEqualTo("DE");
      assertThat(berlin.getLocation().getLatitude()).isEqualTo(52.52);
      assertThat(berlin.getLocation().getLongitude()).isEqualTo(13.40);
      assertThat(lookup(reader, "192.0.2.5").getLocation().getLongitude()).isEqualTo(-71.06);
      assertThat(reader.tryCity(InetAddress.getByName("100.64.0.1"))).isEmpty();
      assertThat(reader.tryCity(InetAddress.getByName("2001:db8:b::1"))).isEmpty();
    }
    try (DatabaseReader reader = open(asn)) {
      var response = reader.asn(InetAddress.getByName("203.0.113.200"));
      assertThat(response.getAutonomousSystemNumber()).isEqualTo(64499L);
      assertThat(response.getAutonomousSystemOrganization()).isEqualTo("Example Oceania Net");
    }
  }

  private static CityResponse lookup(DatabaseReader reader, String address) {
    try {
      return reader.city(InetAddress.getByName(address));
    } catch (Exception e) {
      throw new AssertionError(address + ": " + e, e);
    }
  }

  @Test
  void theNarrowerNetworkWinsWhateverTheOrder() throws Exception {
    Path networks =
        Files.writeString(
            dir.resolve("networks.txt"),
            """
        10.1.2.0/24  FR EU 48.85 2.35   # inside the next one, listed first
        10.0.0.0/8   BR SA -23.55 -46.63 64500
        2001:db8::1  NZ OC -36.85 174.76
        """);
    Path city = dir.resolve("city.mmdb");
    build(networks, city, null);
    try (DatabaseReader reader = open(city)) {
      assertThat(lookup(reader, "10.1.2.3").getCountry().getIsoCode()).isEqualTo("FR");
      assertThat(lookup(reader, "10.1.3.3").getCountry().getIsoCode()).isEqualTo("BR");
      assertThat(lookup(reader, "2001:db8::1").getCountry().getIsoCode()).isEqualTo("NZ");
      assertThat(reader.tryCity(InetAddress.getByName("2001:db8::2"))).isEmpty();
    }
    assertThat(dir.resolve("asn.mmdb")).doesNotExist();
  }

  @Test
  void badLinesAreRefusedWithTheirNumberAndNothingIsWritten() throws Exception {
    Map<String, String> refusals = new HashMap<>();
    refusals.put(
        "192.0.2.0/24 DE EU 52.5", "line 2: expected NETWORK COUNTRY CONTINENT LATITUDE LONGITUDE");
    refusals.put("192.0.2.5/24 DE EU 52.5 13.4", "line 2: '192.0.2.5/24' has host bits set");
    refusals.put("rsync.example.org DE EU 52.5 13.4", "line 2: 'rsync.example.org' is a host name");
    refusals.put(
        "192.0.2.0/24 de EU 52.5 13.4", "line 2: country 'de' is not an ISO 3166-1 alpha-2 code");
    refusals.put("192.0.2.0/24 DE XX 52.5 13.4", "line 2: continent 'XX' is not one of");
    refusals.put("192.0.2.0/24 DE EU 95 13.4", "line 2: latitude 95.0 is outside -90..90");
    refusals.put("192.0.2.0/24 DE EU 52.5 east", "line 2: longitude 'east' is not a number");
    refusals.put("192.0.2.0/24 DE EU 52.5 13.4 0", "line 2: ASN 0 is outside 1..4294967295");
    refusals.put("198.51.100.0/24 DE EU 52.5 13.4", "line 2: 198.51.100.0/24 is already on line 1");
    for (var refusal : refusals.entrySet()) {
      Path networks =
          Files.write(
              dir.resolve("bad.txt"), List.of("198.51.100.0/24 DE EU 52.5 13.4", refusal.getKey()));
      Path city = dir.resolve("bad.mmdb");
      assertThatThrownBy(() -> build(networks, city, null))
          .as(refusal.getKey())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith(refusal.getValue());
      assertThat(city).doesNotExist();
    }
    Path empty = Files.writeString(dir.resolve("empty.txt"), "# nothing\n\n");
    assertThatThrownBy(() -> build(empty, dir.resolve("x.mmdb"), null))
        .hasMessageContaining("no networks");
  }
}
