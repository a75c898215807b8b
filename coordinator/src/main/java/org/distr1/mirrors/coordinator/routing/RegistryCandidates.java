package org.distr1.mirrors.coordinator.routing;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.distr1.mirrors.coordinator.geo.GeoPoint;
import org.distr1.mirrors.coordinator.registry.MirrorDirectory;
import org.distr1.mirrors.coordinator.registry.MirrorProfile;
import org.distr1.mirrors.coordinator.registry.MirrorRecord;
import org.distr1.mirrors.coordinator.registry.MirrorState;
import org.distr1.mirrors.coordinator.registry.RegistryChangeListener;
import org.distr1.mirrors.coordinator.registry.RegistryEvents;
import org.distr1.mirrors.coordinator.registry.RoutableMirror;
import org.distr1.mirrors.shared.net.Cidr;
import org.distr1.mirrors.shared.net.CidrPolicy;
import org.distr1.mirrors.shared.repo.ReleaseIndex;

/**
 * The registry's mirrors as routing inputs. Reads every mirror once, then only the mirror a change
 * names (every mirror again only after a database resync); stored reports (thousands a second) are
 * applied to the mirrors already held, so a snapshot rebuild under a stream of reports costs the
 * few candidates that changed, not a read and parse of the whole registry.
 */
public final class RegistryCandidates implements Supplier<List<MirrorCandidate>> {
  /** Stored netblocks were validated at enrollment; here they are only parsed. */
  private static final CidrPolicy STORED = new CidrPolicy(1, 1, true, true, true);

  /** The registry keeps the admin score in percent (100 is neutral). */
  private static final double SCORE_UNIT = 100.0;

  private final MirrorDirectory directory;
  private final AtomicBoolean stale = new AtomicBoolean(true);
  private final Map<Long, RoutableMirror.LastReport> arrived = new ConcurrentHashMap<>();

  /** Mirrors changed since the last read, other than by reports. */
  private final Set<Long> touched = ConcurrentHashMap.newKeySet();

  /** Guarded by this: the candidates in id order, and where each id sits in that list. */
  private List<MirrorCandidate> candidates = List.of();

  private Map<Long, Integer> positions = Map.of();

  public RegistryCandidates(MirrorDirectory directory) {
    this.directory = directory;
  }

  /**
   * Keeps up with the registry; {@code changed} is told after each change of mirrors, {@code
   * reportsStored} after each commit of reports (to rebuild).
   */
  public void follow(RegistryEvents events, Runnable changed, Runnable reportsStored) {
    events.addChangeListener(
        new RegistryChangeListener() {
          @Override
          public void registryChanged() {
            stale.set(true);
            changed.run();
          }

          @Override
          public void mirrorChanged(long mirrorId) {
            touched.add(mirrorId);
            changed.run();
          }
        });
    events.addReportListener(
        latest -> {
          arrived.putAll(latest);
          reportsStored.run();
        });
  }

  @Override
  public synchronized List<MirrorCandidate> get() {
    // taken before a reload, so the reload already holds them (applying them again changes
    // nothing); reports stored during the reload stay queued for the next call
    Map<Long, RoutableMirror.LastReport> reports = new HashMap<>();
    for (Long id : arrived.keySet()) {
      RoutableMirror.LastReport report = arrived.remove(id);
      if (report != null) {
        reports.put(id, report);
      }
    }
    List<Long> changed = new ArrayList<>();
    for (Long id : touched) {
      if (touched.remove(id)) {
        changed.add(id);
      }
    }
    try {
      if (stale.getAndSet(false)) {
        reload();
      } else if (!changed.isEmpty()) {
        reload(changed);
      }
    } catch (RuntimeException e) {
      if (!changed.isEmpty()) {
        touched.addAll(changed);
      } else {
        stale.set(true);
      }
      reports.forEach(arrived::putIfAbsent);
      throw e;
    }
    if (reports.isEmpty()) {
      return candidates;
    }
    List<MirrorCandidate> updated = new ArrayList<>(candidates);
    reports.forEach(
        (id, report) -> {
          Integer at = positions.get(id);
          if (at != null) { // else removed meanwhile; the removal's own event reloads
            updated.set(at, updated.get(at).withReport(report(report)));
          }
        });
    candidates = List.copyOf(updated);
    return candidates;
  }

  /**
   * Reads only the mirrors that changed (each one is a few queries): enrolling, approving or
   * editing one of 10,000 mirrors does not read and parse the other 9,999 again.
   */
  private void reload(List<Long> changed) {
    Map<Long, MirrorCandidate> byId = new TreeMap<>();
    candidates.forEach(candidate -> byId.put(candidate.id(), candidate));
    for (long id : changed) {
      Optional<RoutableMirror> now = directory.load(id);
      if (now.isPresent() && now.get().mirror().state() == MirrorState.APPROVED) {
        byId.put(id, candidate(now.get()));
      } else {
        byId.remove(id);
      }
    }
    install(List.copyOf(byId.values()));
  }

  private void reload() {
    // pending and disabled mirrors are not part of the network: never routed to, never named in
    // the public ?mirrorlist (their names and URLs are the maintainer's to see)
    List<MirrorCandidate> loaded =
        directory.loadAll().stream()
            .filter(routable -> routable.mirror().state() == MirrorState.APPROVED)
            .map(RegistryCandidates::candidate)
            .toList();
    install(loaded);
  }

  /** {@code loaded} in id order. */
  private void install(List<MirrorCandidate> loaded) {
    Map<Long, Integer> at = new HashMap<>();
    for (int i = 0; i < loaded.size(); i++) {
      at.put(loaded.get(i).id(), i);
    }
    candidates = loaded;
    positions = at;
  }

  static MirrorCandidate candidate(RoutableMirror routable) {
    MirrorRecord m = routable.mirror();
    MirrorProfile p = m.profile();
    URI base = URI.create(p.baseUrl().endsWith("/") ? p.baseUrl() : p.baseUrl() + "/");
    var location = p.location();
    Scope scope =
        p.countryOnly() ? Scope.COUNTRY : p.continentOnly() ? Scope.CONTINENT : Scope.WORLD;
    boolean located = location != null;
    String country = located ? location.country() : null;
    String continent = located ? location.continent() : null;
    if (scope == Scope.COUNTRY && country == null
        || scope == Scope.CONTINENT && continent == null) {
      scope = Scope.WORLD; // cannot hold it to a region it never named; it serves everyone
    }
    String host = base.getHost();
    boolean literal6 = host.startsWith("[");
    boolean literal4 = host.matches("[0-9.]+");
    return new MirrorCandidate(
        m.id(),
        p.name(),
        base,
        routable.inService(),
        located ? new GeoPoint(location.latitude(), location.longitude()) : null,
        country,
        continent,
        m.asn(),
        m.netblocks().stream().map(text -> Cidr.parse(text, STORED)).toList(),
        (int) Math.min(Integer.MAX_VALUE, p.bandwidthMbps()),
        m.adminScore() / SCORE_UNIT,
        scope,
        !literal6,
        !literal4,
        report(routable.lastReport()));
  }

  /** Node reports name index digests by release (and section); routing keys them by path. */
  private static SyncReport report(RoutableMirror.LastReport report) {
    if (report == null || report.lastSyncStartedAt() == null) {
      return null;
    }
    Map<String, String> digests = new HashMap<>();
    report
        .indexDigests()
        .forEach(
            (key, digest) -> {
              String path = ReleaseIndex.path(key); // a name, never a path
              if (path != null) {
                digests.put(path, ReleaseIndex.tagged(digest));
              }
            });
    return new SyncReport(report.lastSyncStartedAt(), report.skew(), digests);
  }
}
