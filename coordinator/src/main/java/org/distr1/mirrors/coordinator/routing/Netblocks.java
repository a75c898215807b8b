package org.distr1.mirrors.coordinator.routing;

import inet.ipaddr.IPAddress;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.distr1.mirrors.shared.net.Cidr;

/**
 * Which mirrors claim a client's address: one hash map per prefix length in use, so a lookup costs
 * one probe per distinct length rather than one per netblock.
 */
final class Netblocks {
  private record Key(long high, long low) {}

  private final int[][] lengthsByFamily; // [0] IPv4, [1] IPv6
  private final Map<Key, int[]>[][] mapsByFamily;

  @SuppressWarnings("unchecked")
  Netblocks(List<MirrorCandidate> mirrors) {
    List<Map<Integer, Map<Key, List<Integer>>>> building =
        List.of(new HashMap<>(), new HashMap<>());
    for (int i = 0; i < mirrors.size(); i++) {
      for (Cidr cidr : mirrors.get(i).netblocks()) {
        IPAddress block = cidr.block();
        int family = block.isIPv4() ? 0 : 1;
        int length = block.getNetworkPrefixLength();
        Key key = key(block.getLower().getBytes(), length);
        building
            .get(family)
            .computeIfAbsent(length, l -> new HashMap<>())
            .computeIfAbsent(key, k -> new ArrayList<>())
            .add(i);
      }
    }
    lengthsByFamily = new int[2][];
    mapsByFamily = new Map[2][];
    for (int family = 0; family < 2; family++) {
      Map<Integer, Map<Key, List<Integer>>> byLength = building.get(family);
      int[] lengths = byLength.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
      lengthsByFamily[family] = lengths;
      mapsByFamily[family] = new Map[lengths.length];
      for (int l = 0; l < lengths.length; l++) {
        Map<Key, int[]> frozen = new HashMap<>();
        byLength
            .get(lengths[l])
            .forEach(
                (k, v) ->
                    frozen.put(k, v.stream().mapToInt(Integer::intValue).distinct().toArray()));
        mapsByFamily[family][l] = frozen;
      }
    }
  }

  private static final int[][] NONE = new int[0][];

  /** The mirrors claiming a block that contains this address, grouped by block. */
  int[][] claims(InetAddress address) {
    byte[] bytes = address.getAddress();
    int family = bytes.length == 4 ? 0 : 1;
    int[] lengths = lengthsByFamily[family];
    if (lengths.length == 0) {
      return NONE;
    }
    int[][] found = new int[lengths.length][];
    int hits = 0;
    for (int l = 0; l < lengths.length; l++) {
      int[] mirrors = mapsByFamily[family][l].get(key(bytes, lengths[l]));
      if (mirrors != null) {
        found[hits++] = mirrors;
      }
    }
    return hits == found.length ? found : java.util.Arrays.copyOf(found, hits);
  }

  private static Key key(byte[] bytes, int prefixLength) {
    long high = 0;
    long low = 0;
    for (int i = 0; i < bytes.length; i++) {
      int bitsBefore = i * 8;
      int keep = Math.max(0, Math.min(8, prefixLength - bitsBefore));
      int masked = bytes[i] & (0xff << (8 - keep)) & 0xff;
      if (i < 8 && bytes.length == 16) {
        high = (high << 8) | masked;
      } else {
        low = (low << 8) | masked;
      }
    }
    return new Key(high, low);
  }
}
