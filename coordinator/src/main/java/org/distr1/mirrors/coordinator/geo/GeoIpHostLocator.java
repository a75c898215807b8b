package org.distr1.mirrors.coordinator.geo;

import com.google.common.net.InetAddresses;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.distr1.mirrors.shared.api.GeoLocation;

/**
 * Locates an enrolling mirror's host with the routing GeoIP databases. Host names are resolved on
 * {@code resolver}, a small pool, and given up after {@code timeout}: the JDK resolver cannot be
 * interrupted and may wait for its own, much longer, retries.
 */
public final class GeoIpHostLocator implements HostLocator {
  private final GeoLocator geo;
  private final Duration timeout;
  private final ExecutorService resolver;

  /**
   * @param resolver where names are looked up; its owner (Dropwizard's lifecycle) shuts it down
   */
  public GeoIpHostLocator(GeoLocator geo, Duration timeout, ExecutorService resolver) {
    this.geo = geo;
    this.timeout = timeout;
    this.resolver = resolver;
  }

  @Override
  public Located locate(String host) {
    InetAddress address;
    try {
      address = resolve(host);
    } catch (UnknownHostException e) {
      return new Located(null, 0, "host " + host + " does not resolve: " + e.getMessage());
    } catch (TimeoutException e) {
      return new Located(
          null, 0, "host " + host + " did not resolve within " + timeout.toMillis() + " ms");
    }
    ClientLocation found = geo.locate(address);
    String at = host + " (" + InetAddresses.toAddrString(address) + ")";
    if (found.countryCode() == null || found.point() == null) {
      return new Located(null, found.asn(), "GeoIP has no position for " + at);
    }
    try {
      return new Located(
          new GeoLocation(
              found.countryCode(),
              found.continentCode(),
              found.point().latitude(),
              found.point().longitude()),
          found.asn(),
          null);
    } catch (IllegalArgumentException e) {
      return new Located(
          null, found.asn(), "GeoIP location of " + at + " is unusable: " + e.getMessage());
    }
  }

  private InetAddress resolve(String host) throws UnknownHostException, TimeoutException {
    String literal =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (InetAddresses.isInetAddress(literal)) {
      return InetAddresses.forString(literal);
    }
    Future<InetAddress> lookup = resolver.submit(() -> InetAddress.getByName(literal));
    try {
      return lookup.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownHostException unknown) {
        throw unknown;
      }
      throw new UnknownHostException(e.getCause().toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TimeoutException("interrupted");
    } finally {
      lookup.cancel(true);
    }
  }
}
