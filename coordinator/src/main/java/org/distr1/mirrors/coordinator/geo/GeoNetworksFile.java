package org.distr1.mirrors.coordinator.geo;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.distr1.mirrors.shared.net.Cidr;
import org.distr1.mirrors.shared.net.CidrPolicy;
import org.distr1.mirrors.shared.net.InvalidCidrException;

/**
 * The networks file {@code geoip-build} reads: one network per line, {@code NETWORK COUNTRY
 * CONTINENT LATITUDE LONGITUDE [ASN [ORGANIZATION...]]}, blanks between fields, {@code #} comments
 * (see {@code config/demo/networks.txt}). Kept to plain text so a reader sees at a glance which
 * example network stands for which place.
 */
public final class GeoNetworksFile {
  /** Any unicast network, even loopback or private space (a LAN's own GeoIP entries). */
  private static final CidrPolicy ANY_UNICAST = new CidrPolicy(1, 1, true, true, true);

  private GeoNetworksFile() {}

  /**
   * @throws IllegalArgumentException naming the line and what is wrong with it
   */
  public static List<GeoNetwork> read(Path file) throws IOException {
    return parse(Files.readAllLines(file));
  }

  static List<GeoNetwork> parse(List<String> lines) {
    List<GeoNetwork> networks = new ArrayList<>();
    Map<Cidr, Integer> seen = new HashMap<>();
    for (int n = 0; n < lines.size(); n++) {
      String line = lines.get(n).replaceFirst("#.*", "").strip();
      if (line.isEmpty()) {
        continue;
      }
      int number = n + 1;
      try {
        GeoNetwork network = parseLine(line);
        Integer earlier = seen.putIfAbsent(network.network(), number);
        if (earlier != null) {
          throw new IllegalArgumentException(network.network() + " is already on line " + earlier);
        }
        networks.add(network);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("line " + number + ": " + e.getMessage(), e);
      }
    }
    if (networks.isEmpty()) {
      throw new IllegalArgumentException("no networks: every line is empty or a comment");
    }
    return networks;
  }

  private static GeoNetwork parseLine(String line) {
    String[] fields = line.split("\\s+");
    if (fields.length < 5) {
      throw new IllegalArgumentException(
          "expected NETWORK COUNTRY CONTINENT LATITUDE LONGITUDE"
              + " [ASN [ORGANIZATION...]], got "
              + fields.length
              + " field(s)");
    }
    Cidr network;
    try {
      network = Cidr.parse(fields[0], ANY_UNICAST);
    } catch (InvalidCidrException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    Long asn = fields.length > 5 ? number(fields[5], "ASN", Long::parseLong) : null;
    String organization =
        fields.length > 6 ? String.join(" ", Arrays.copyOfRange(fields, 6, fields.length)) : null;
    return new GeoNetwork(
        network,
        fields[1],
        fields[2],
        number(fields[3], "latitude", Double::parseDouble),
        number(fields[4], "longitude", Double::parseDouble),
        asn,
        organization);
  }

  private static <T> T number(String text, String what, Function<String, T> parser) {
    try {
      return parser.apply(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + " '" + text + "' is not a number");
    }
  }

  /**
   * Writes the City database and, when {@code asn} is given, the ASN database of the networks that
   * name one. Wider networks go in first so that a network inside another wins for its addresses
   * whatever the order of the lines.
   */
  public static void write(List<GeoNetwork> networks, Path city, Path asn) throws IOException {
    List<GeoNetwork> widestFirst =
        networks.stream()
            .sorted(
                Comparator.comparingInt(
                    network ->
                        network.network().prefixLength() + (network.network().isIpv4() ? 96 : 0)))
            .toList();
    MmdbWriter cityDb = new MmdbWriter("GeoIP2-City", "distri-mirrors geoip-build");
    MmdbWriter asnDb = new MmdbWriter("GeoLite2-ASN", "distri-mirrors geoip-build");
    for (GeoNetwork network : widestFirst) {
      InetAddress address = network.network().block().getLower().toInetAddress();
      int prefix = network.network().prefixLength();
      cityDb.insert(
          address,
          prefix,
          GeoIpRecords.city(
              network.country(), network.continent(), network.latitude(), network.longitude()));
      if (network.asn() != null) {
        asnDb.insert(
            address,
            prefix,
            GeoIpRecords.asn(
                network.asn(),
                network.organization() == null ? "AS" + network.asn() : network.organization()));
      }
    }
    cityDb.write(city);
    if (asn != null) {
      asnDb.write(asn);
    }
  }
}
