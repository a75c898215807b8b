package org.distr1.mirrors.coordinator.routing.geo;

import java.net.InetAddress;
import org.distr1.mirrors.coordinator.routing.ClientLocation;

/** Where a client address is; never fails: what is not known is left out. */
public interface GeoLocator {
  ClientLocation locate(InetAddress address);
}
