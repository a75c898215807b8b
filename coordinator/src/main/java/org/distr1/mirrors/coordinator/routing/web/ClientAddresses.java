package org.distr1.mirrors.coordinator.routing.web;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import org.distr1.mirrors.shared.net.Cidr;

/**
 * The address a request is routed for: the peer's, or — only when the peer is a configured
 * trusted proxy — the nearest untrusted hop of {@code X-Forwarded-For}, walked from the right
 * (the left part is whatever the client chose to send and proves nothing).
 */
public final class ClientAddresses {
  private final List<Cidr> trustedProxies;

  public ClientAddresses(List<Cidr> trustedProxies) {
    this.trustedProxies = List.copyOf(trustedProxies);
  }

  /**
   * @param forwardedFor the values of every {@code X-Forwarded-For} header, in order
   */
  public InetAddress resolve(InetAddress peer, List<String> forwardedFor) {
    InetAddress hop = unmap(peer);
    if (!trusted(hop) || forwardedFor.isEmpty()) {
      return hop;
    }
    String[] entries = String.join(",", forwardedFor).split(",");
    for (int i = entries.length - 1; i >= 0; i--) {
      InetAddress next = parse(entries[i].strip());
      if (next == null) {
        return hop; // garbage from further left cannot be attributed; the last trusted hop can
      }
      hop = next;
      if (!trusted(hop)) {
        return hop;
      }
    }
    return hop;
  }

  private boolean trusted(InetAddress address) {
    for (Cidr proxy : trustedProxies) {
      if (proxy.contains(address)) {
        return true;
      }
    }
    return false;
  }

  /** An IP literal (IPv6 possibly in brackets), never a host name: no DNS on the hot path. */
  private static InetAddress parse(String text) {
    String literal = text.startsWith("[") && text.endsWith("]")
        ? text.substring(1, text.length() - 1) : text;
    IPAddress address = new IPAddressString(literal).getAddress();
    if (address == null || address.isPrefixed() || address.isMultiple()) {
      return null;
    }
    return unmap(address.toInetAddress());
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
          return Inet4Address.getByAddress(java.util.Arrays.copyOfRange(bytes, 12, 16));
        } catch (java.net.UnknownHostException e) {
          throw new IllegalStateException("four bytes are an IPv4 address", e);
        }
      }
    }
    return address;
  }
}
