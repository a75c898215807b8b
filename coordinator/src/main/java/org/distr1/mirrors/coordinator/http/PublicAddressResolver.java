package org.distr1.mirrors.coordinator.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import org.apache.hc.client5.http.DnsResolver;
import org.distr1.mirrors.shared.net.CidrPolicy;

/**
 * Resolves a mirror's host name for every new connection and hands the client only the addresses
 * {@code policy} accepts. Checking here, at connect time, rather than when a base URL is enrolled
 * is what stops a name that is rebound later (or that a cache answers differently) from turning the
 * prober into a client of the coordinator's own network.
 */
final class PublicAddressResolver implements DnsResolver {

  private final DnsResolver names;
  private final CidrPolicy policy;

  PublicAddressResolver(DnsResolver names, CidrPolicy policy) {
    this.names = names;
    this.policy = policy;
  }

  @Override
  public InetAddress[] resolve(String host) throws UnknownHostException {
    InetAddress[] all = names.resolve(host);
    if (all == null || all.length == 0) {
      throw new UnknownHostException(host);
    }
    InetAddress[] usable =
        Arrays.stream(all)
            .filter(address -> policy.refusal(address).isEmpty())
            .toArray(InetAddress[]::new);
    if (usable.length == 0) {
      throw new NonPublicAddressException(host, policy.refusal(all[0]).orElseThrow());
    }
    return usable;
  }

  @Override
  public String resolveCanonicalHostname(String host) throws UnknownHostException {
    return names.resolveCanonicalHostname(host);
  }
}
