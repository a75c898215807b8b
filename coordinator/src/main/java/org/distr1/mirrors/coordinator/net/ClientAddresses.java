package org.distr1.mirrors.coordinator.net;

import com.google.common.net.InetAddresses;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import org.distr1.mirrors.shared.net.Cidr;
import org.eclipse.jetty.util.InetAddressSet;

/**
 * The address a request is routed for: the peer's, or — only when the peer is a configured trusted
 * proxy — the nearest untrusted hop of {@code X-Forwarded-For}, walked from the right (the left
 * part is whatever the client chose to send and proves nothing).
 *
 * <p>Runs on every redirect: proxies are matched on address bytes (Jetty's CIDR set) and hops are
 * parsed by Guava's literal parser, so no text is formatted or re-parsed per request.
 */
public final class ClientAddresses {
  private final InetAddressSet trustedProxies = new InetAddressSet();

  public ClientAddresses(List<Cidr> trustedProxies) {
    for (Cidr proxy : trustedProxies) {
      this.trustedProxies.add(proxy.toString());
    }
  }

  /**
   * @param forwardedFor the values of every {@code X-Forwarded-For} header, in order
   */
  public InetAddress resolve(InetAddress peer, List<String> forwardedFor) {
    InetAddress hop = unmap(peer);
    if (forwardedFor.isEmpty() || !trustedProxies.test(hop)) {
      return hop;
    }
    for (int h = forwardedFor.size() - 1; h >= 0; h--) {
      String value = forwardedFor.get(h);
      int end = value.length();
      while (end >= 0) {
        int start = value.lastIndexOf(',', end - 1);
        InetAddress next = parse(value.substring(start + 1, end).strip());
        if (next == null) {
          return hop; // garbage from further left cannot be attributed; the last trusted hop can
        }
        hop = next;
        if (!trustedProxies.test(hop)) {
          return hop;
        }
        end = start;
      }
    }
    return hop;
  }

  /** An IP literal (IPv6 possibly in brackets), never a host name: no DNS on the hot path. */
  private static InetAddress parse(String text) {
    String literal =
        text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
    if (literal.isEmpty() || literal.indexOf('%') >= 0) {
      return null;
    }
    try {
      return unmap(InetAddresses.forString(literal));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** IPv4-mapped IPv6 peers (dual-stack sockets) are IPv4 clients. */
  private static InetAddress unmap(InetAddress address) {
    if (address instanceof Inet6Address) {
      byte[] bytes = address.getAddress();
      boolean mapped = bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
      for (int i = 0; i < 10 && mapped; i++) {
        mapped = bytes[i] == 0;
      }
      if (mapped) {
        try {
          return Inet4Address.getByAddress(Arrays.copyOfRange(bytes, 12, 16));
        } catch (UnknownHostException e) {
          throw new IllegalStateException("four bytes are an IPv4 address", e);
        }
      }
    }
    return address;
  }
}
