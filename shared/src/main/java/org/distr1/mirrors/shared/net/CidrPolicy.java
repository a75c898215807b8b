package org.distr1.mirrors.shared.net;

import java.net.InetAddress;
import java.util.Optional;

/**
 * What a caller accepts beyond the rules every {@link Cidr} obeys ({@code /0} and non-unicast space
 * are always refused): the widest prefix per family and whether loopback, private and link-local
 * space are acceptable.
 *
 * @param minIpv4PrefixLength shortest accepted IPv4 prefix, e.g. 24 accepts /24../32
 * @param minIpv6PrefixLength shortest accepted IPv6 prefix, e.g. 48 accepts /48../128
 */
public record CidrPolicy(
    int minIpv4PrefixLength,
    int minIpv6PrefixLength,
    boolean allowLoopback,
    boolean allowPrivate,
    boolean allowLinkLocal) {

  /** Public unicast only, no wider than /24 (IPv4) or /48 (IPv6). */
  public static final CidrPolicy DEFAULT = new CidrPolicy(24, 48, false, false, false);

  public CidrPolicy {
    if (minIpv4PrefixLength < 1 || minIpv4PrefixLength > 32) {
      throw new IllegalArgumentException(
          "minIpv4PrefixLength must be 1..32, got " + minIpv4PrefixLength);
    }
    if (minIpv6PrefixLength < 1 || minIpv6PrefixLength > 128) {
      throw new IllegalArgumentException(
          "minIpv6PrefixLength must be 1..128, got " + minIpv6PrefixLength);
    }
  }

  /** This policy with loopback, private and link-local space accepted too (tests, LANs). */
  public CidrPolicy allowingNonPublic() {
    return new CidrPolicy(minIpv4PrefixLength, minIpv6PrefixLength, true, true, true);
  }

  /**
   * Why this policy refuses {@code address} as a mirror's or client's address (a short phrase such
   * as {@code "loopback space (127.0.0.0/8)"}), or empty when it accepts it. Only the address
   * classes apply here, not the prefix lengths.
   */
  public Optional<String> refusal(InetAddress address) {
    return SpecialRanges.refusal(address, this);
  }

  /** This policy with other widest prefixes. */
  public CidrPolicy withMinPrefixLengths(int ipv4, int ipv6) {
    return new CidrPolicy(ipv4, ipv6, allowLoopback, allowPrivate, allowLinkLocal);
  }
}
