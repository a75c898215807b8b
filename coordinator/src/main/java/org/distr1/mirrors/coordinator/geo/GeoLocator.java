package org.distr1.mirrors.coordinator.geo;

import java.net.InetAddress;

/** Where a client address is; never fails: what is not known is left out. */
public interface GeoLocator {
  ClientLocation locate(InetAddress address);
}
