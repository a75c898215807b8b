package org.distr1.mirrors.coordinator.geo;

import com.codahale.metrics.health.HealthCheck;
import com.maxmind.db.CHMCache;
import com.maxmind.db.Reader;
import com.maxmind.db.Reader.FileMode;
import io.dropwizard.lifecycle.Managed;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GeoIP2 City (and optionally ASN) lookups from mmdb files, reopened when a file changes so an
 * operator's database update needs no restart. A missing or unreadable database is logged and shown
 * by the health check; lookups then answer "unknown" and routing falls back to weighted random.
 * Files are checked on {@code poller}, which the caller owns (in the application, Dropwizard's
 * lifecycle).
 */
public final class MaxMindGeoLocator implements GeoLocator, Managed {
  private static final Logger LOG = LoggerFactory.getLogger(MaxMindGeoLocator.class);

  /**
   * Decoded records kept per database. A GeoLite2 City database has a few hundred thousand distinct
   * records; routing's reduced ones take about 200 bytes each, so this bounds the cache near 30 MB.
   * Records beyond it are decoded on each lookup.
   */
  private static final int CACHED_RECORDS = 150_000;

  /** A reader (with its answers per address block) and the file state it was opened from. */
  private record Loaded<T>(BlockCache<T> records, FileTime modified, long size) {
    Reader reader() {
      return records.reader();
    }
  }

  private final Path cityDatabase;
  private final Path asnDatabase;
  private final Duration reloadInterval;
  private final AtomicReference<Loaded<RoutingRecords.City>> city = new AtomicReference<>();
  private final AtomicReference<Loaded<RoutingRecords.Asn>> asn = new AtomicReference<>();
  private final ScheduledExecutorService poller;
  private ScheduledFuture<?> polling;

  /**
   * @param asnDatabase may be null: ASN preference is then never used
   */
  public MaxMindGeoLocator(
      Path cityDatabase,
      Path asnDatabase,
      Duration reloadInterval,
      ScheduledExecutorService poller) {
    this.cityDatabase = Objects.requireNonNull(cityDatabase, "cityDatabase");
    this.asnDatabase = asnDatabase;
    this.reloadInterval = reloadInterval;
    this.poller = poller;
  }

  @Override
  public void start() {
    reload();
    if (city.get() == null) {
      LOG.warn(
          "GeoIP City database {} is missing or unreadable: clients get no location until it"
              + " appears",
          cityDatabase);
    }
    long millis = reloadInterval.toMillis();
    polling = poller.scheduleWithFixedDelay(this::reload, millis, millis, TimeUnit.MILLISECONDS);
  }

  @Override
  public void stop() {
    if (polling != null) {
      polling.cancel(true);
    }
  }

  /** Reopens each database whose file changed since it was opened; keeps the old one on failure. */
  public void reload() {
    refresh(cityDatabase, city, "City", RoutingRecords.City.class);
    if (asnDatabase != null) {
      refresh(asnDatabase, asn, "ASN", RoutingRecords.Asn.class);
    }
  }

  // Databases are read into memory, not mapped: an operator who overwrites the file in place
  // (cp) would otherwise pull the bytes from under running lookups. Replaced readers are left to
  // the garbage collector, as a request may still be using one.
  private static <T> void refresh(
      Path file, AtomicReference<Loaded<T>> current, String kind, Class<T> records) {
    try {
      FileTime modified = Files.getLastModifiedTime(file);
      long size = Files.size(file);
      Loaded<T> loaded = current.get();
      if (loaded != null && loaded.modified().equals(modified) && loaded.size() == size) {
        return;
      }
      Reader reader = new Reader(file.toFile(), FileMode.MEMORY, new CHMCache(CACHED_RECORDS));
      String type = reader.getMetadata().getDatabaseType();
      if (!type.contains(kind)) {
        throw new IOException("database type is " + type + ", expected a " + kind + " database");
      }
      current.set(new Loaded<>(new BlockCache<>(reader, records), modified, size));
      LOG.info(
          "GeoIP {} database loaded from {} ({}, built {})",
          kind,
          file,
          type,
          reader.getMetadata().getBuildDate());
    } catch (IOException | RuntimeException e) {
      LOG.warn("GeoIP {} database {} not loaded: {}", kind, file, e.toString());
    }
  }

  @Override
  public ClientLocation locate(InetAddress address) {
    ClientLocation location = ClientLocation.UNKNOWN;
    try {
      Loaded<RoutingRecords.City> cityReader = city.get();
      RoutingRecords.City found = cityReader == null ? null : cityReader.records().get(address);
      if (found != null) {
        location = found.location();
      }
      Loaded<RoutingRecords.Asn> asnReader = asn.get();
      RoutingRecords.Asn as = asnReader == null ? null : asnReader.records().get(address);
      if (as != null && as.number() != 0) {
        location =
            new ClientLocation(
                location.countryCode(), location.continentCode(), location.point(), as.number());
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug("GeoIP lookup of {} failed", address, e);
    }
    return location;
  }

  /** Unhealthy while no City database is loaded: routing then works, but without geography. */
  public HealthCheck healthCheck() {
    return new HealthCheck() {
      @Override
      protected Result check() {
        Loaded<RoutingRecords.City> loaded = city.get();
        return loaded == null
            ? Result.unhealthy("GeoIP City database " + cityDatabase + " is not loaded")
            : Result.healthy(
                loaded.reader().getMetadata().getDatabaseType() + " from " + cityDatabase);
      }
    };
  }
}
