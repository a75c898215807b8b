package org.distr1.mirrors.coordinator.geo;

import static org.assertj.core.api.Assertions.assertThat;

import com.maxmind.db.CHMCache;
import com.maxmind.db.Reader;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BlockCacheTest {
  private static InetAddress ip(String literal) throws Exception {
    return InetAddress.getByName(literal);
  }

  private static BlockCache<RoutingRecords.City> cache() throws Exception {
    byte[] database =
        new MmdbWriter("GeoLite2-City", "test")
            .insert(ip("198.51.100.0"), 25, GeoIpRecords.city("DE", "EU", 50.1, 8.7))
            .insert(ip("198.51.100.128"), 25, GeoIpRecords.city("FR", "EU", 48.9, 2.4))
            .insert(ip("203.0.113.0"), 24, GeoIpRecords.countryOnly("JP", "AS"))
            .insert(ip("198.18.0.0"), 15, GeoIpRecords.countryOnly("NL", "EU"))
            .insert(ip("64.0.0.0"), 2, GeoIpRecords.countryOnly("SE", "EU"))
            .insert(ip("2001:db8:1::"), 48, GeoIpRecords.city("US", "NA", 40.7, -74.0))
            .insert(ip("2001:db8:2::"), 56, GeoIpRecords.countryOnly("CA", "NA"))
            .toBytes();
    Reader reader = new Reader(new ByteArrayInputStream(database), new CHMCache());
    return new BlockCache<>(reader, RoutingRecords.City.class);
  }

  private static String country(RoutingRecords.City city) {
    return city == null ? null : city.location().countryCode();
  }

  @Test
  void aBlockInOneNetworkIsDecodedOnce() throws Exception {
    BlockCache<RoutingRecords.City> cache = cache();
    RoutingRecords.City first = cache.get(ip("203.0.113.9"));
    assertThat(country(first)).isEqualTo("JP");
    // the reader decodes a new record per lookup; the same instance is the remembered answer
    assertThat(cache.reader().get(ip("203.0.113.9"), RoutingRecords.City.class)).isNotSameAs(first);
    assertThat(cache.get(ip("203.0.113.200"))).isSameAs(first);
    RoutingRecords.City wide = cache.get(ip("198.19.7.1"));
    assertThat(country(wide)).isEqualTo("NL");
    assertThat(cache.get(ip("198.19.7.250"))).isSameAs(wide);
    assertThat(country(cache.get(ip("198.18.0.1")))).isEqualTo("NL");
    RoutingRecords.City v6 = cache.get(ip("2001:db8:1::42"));
    assertThat(country(v6)).isEqualTo("US");
    assertThat(cache.get(ip("2001:db8:1:ffff::1"))).isSameAs(v6);
  }

  @Test
  void networksSmallerThanABlockAreReadEachTime() throws Exception {
    BlockCache<RoutingRecords.City> cache = cache();
    assertThat(country(cache.get(ip("198.51.100.7")))).isEqualTo("DE");
    assertThat(country(cache.get(ip("198.51.100.200")))).isEqualTo("FR");
    assertThat(country(cache.get(ip("198.51.100.8")))).isEqualTo("DE");
    assertThat(country(cache.get(ip("2001:db8:2::1")))).isEqualTo("CA");
    assertThat(cache.get(ip("2001:db8:2:ff00::1"))).isNull();
    assertThat(country(cache.get(ip("2001:db8:2::2")))).isEqualTo("CA");
  }

  @Test
  void aBlockWithoutRecordIsRememberedAsNone_andDoesNotHideItsNeighbours() throws Exception {
    BlockCache<RoutingRecords.City> cache = cache();
    assertThat(cache.get(ip("192.0.2.1"))).isNull();
    assertThat(cache.get(ip("192.0.2.77"))).isNull();
    assertThat(country(cache.get(ip("203.0.113.1")))).isEqualTo("JP");
    // an IPv4 block and the IPv6 block of the same leading bytes are different keys
    assertThat(cache.get(ip("0:cb:71::1"))).isNull();
    assertThat(country(cache.get(ip("203.0.113.2")))).isEqualTo("JP");
  }

  @Test
  void twoBlocksOfOnePairAreBothRemembered_aThirdEvictsTheOlder() throws Exception {
    BlockCache<RoutingRecords.City> cache = cache();
    // three /24 blocks of the /2 that share a pair of slots (neighbouring blocks seldom do)
    Map<Integer, List<InetAddress>> pairs = new HashMap<>();
    List<InetAddress> sharing = List.of();
    for (int a = 64; a < 128 && sharing.size() < 3; a++) {
      for (int bc = 0; bc < 1 << 16 && sharing.size() < 3; bc++) {
        InetAddress address =
            InetAddress.getByAddress(new byte[] {(byte) a, (byte) (bc >> 8), (byte) bc, 1});
        int pair = BlockCache.slot(BlockCache.block(address.getAddress()));
        sharing = pairs.computeIfAbsent(pair, p -> new ArrayList<>());
        sharing.add(address);
      }
    }
    assertThat(sharing).hasSize(3);
    RoutingRecords.City first = cache.get(sharing.get(0));
    RoutingRecords.City second = cache.get(sharing.get(1));
    assertThat(country(first)).isEqualTo("SE");
    assertThat(cache.get(sharing.get(0))).isSameAs(first);
    assertThat(cache.get(sharing.get(1))).isSameAs(second);
    cache.get(sharing.get(2));
    // the pair now holds the third and the second: the first is read from the tree again
    assertThat(cache.get(sharing.get(1))).isSameAs(second);
    assertThat(cache.get(sharing.get(0))).isNotSameAs(first);
  }
}
