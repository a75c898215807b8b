package org.distr1.mirrors.coordinator.routing;

import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * Weighted rendezvous hashing (highest random weight, in the logarithmic form that keeps each
 * mirror's share equal to its weight's share): every client address draws one number per mirror,
 * {@code -ln(u) / weight} with u uniform in (0, 1) from a 64-bit mix of the address and the mirror
 * id, and the smallest draw wins. The same client therefore gets the same mirror for as long as the
 * band is the same, and removing a mirror moves only the clients it had.
 *
 * <p>An IPv6 client counts by its /64: the temporary addresses one host rotates through, and the
 * hosts of one site, share a mirror.
 */
final class Rendezvous {
  private Rendezvous() {}

  /** The client's hash, computed once per request. */
  static long clientKey(InetAddress address) {
    if (address instanceof Inet4Address) {
      // an IPv4 address's hashCode is its 32 bits
      return mix(address.hashCode() & 0xffff_ffffL);
    }
    byte[] bytes = address.getAddress();
    long prefix = 0;
    for (int i = 0; i < 8; i++) {
      prefix = prefix << 8 | (bytes[i] & 0xff);
    }
    // kept apart from IPv4 keys: a /64 whose top half is zero is not 0.0.0.0
    return mix(prefix ^ 0x6a09_e667_f3bc_c908L);
  }

  /** A mirror's hash, computed once per snapshot. */
  static long mirrorKey(long mirrorId) {
    return mix(mirrorId * 0x9e37_79b9_7f4a_7c15L + 0x3c6e_f372_fe94_f82bL);
  }

  /** The client's and mirror's u, in (0, 1). */
  static double uniform(long clientKey, long mirrorKey) {
    long h = mix(clientKey ^ mirrorKey);
    return ((h >>> 11) + 0.5) * 0x1.0p-53;
  }

  /** The draw for u ({@link #uniform}); lower wins; positive weights only. */
  static double draw(double u, double weight) {
    return -Math.log(u) / weight;
  }

  /**
   * The finalizer of SplitMix64 (Steele, Lea, Flood 2014): every input bit reaches every output.
   */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58_476d_1ce4_e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d0_49bb_1331_11ebL;
    return z ^ (z >>> 31);
  }
}
