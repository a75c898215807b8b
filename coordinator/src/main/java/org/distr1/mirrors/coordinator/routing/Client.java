package org.distr1.mirrors.coordinator.routing;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Objects;
import org.distr1.mirrors.coordinator.geo.ClientLocation;

/** The client a route is decided for: its address (after trusted proxies) and location. */
public record Client(InetAddress address, ClientLocation location) {
  public Client {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(location, "location");
  }

  public boolean ipv6() {
    return address instanceof Inet6Address;
  }
}
