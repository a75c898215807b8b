package org.distr1.mirrors.coordinator.routing.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.Managed;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.distr1.mirrors.coordinator.cluster.Cluster;
import org.distr1.mirrors.coordinator.geo.GeoIpFactory;
import org.distr1.mirrors.coordinator.geo.GeoLocator;
import org.distr1.mirrors.coordinator.net.ClientAddresses;
import org.distr1.mirrors.coordinator.origin.OriginDigests;
import org.distr1.mirrors.coordinator.origin.OriginIndex;
import org.distr1.mirrors.coordinator.probe.ProbeJournal;
import org.distr1.mirrors.coordinator.probe.ProbeTarget;
import org.distr1.mirrors.coordinator.probe.ProbeTracker;
import org.distr1.mirrors.coordinator.probe.Prober;
import org.distr1.mirrors.coordinator.probe.ProberFactory;
import org.distr1.mirrors.coordinator.registry.Registry;
import org.distr1.mirrors.coordinator.routing.MirrorCandidate;
import org.distr1.mirrors.coordinator.routing.RegistryCandidates;
import org.distr1.mirrors.coordinator.routing.RoutingPolicy;
import org.distr1.mirrors.coordinator.routing.RoutingTable;
import org.distr1.mirrors.shared.net.Cidr;
import org.distr1.mirrors.shared.net.CidrPolicy;
import org.distr1.mirrors.shared.serve.PrecompressedFileHandler;
import org.distr1.mirrors.shared.serve.ServeObserver;
import org.distr1.mirrors.shared.serve.ServeOptions;
import org.eclipse.jetty.server.Handler;
import org.jdbi.v3.core.Jdbi;

/**
 * {@code routing:} the redirector and everything it reads — origin index, GeoIP, prober,
 * routing snapshot — and the origin's own file server for what no mirror may serve.
 */
public class RoutingFactory {
  /** Cluster topic: a probe round's results were stored. */
  static final String PROBES = "probes";
  /** Trusted proxies may be whole private networks (a load balancer pool). */
  private static final CidrPolicy PROXIES = new CidrPolicy(8, 16, true, true, true);

  /** The master tree (what the upstream rsync module serves): holds {@code distri/...}. */
  @NotEmpty @JsonProperty public String originRoot = "/srv/distri";

  /** The host whose freshness file mirrors publish ({@code _mirror/last-sync-from/<host>}). */
  @NotEmpty @JsonProperty public String upstreamHost = "repo.distr1.org";

  /** Peers whose {@code X-Forwarded-For} is believed (CIDRs or addresses). */
  @NotNull @JsonProperty public List<String> trustedProxies = List.of();

  /** Mirrors at most this much farther than the nearest share its load. */
  @DecimalMin("0") @JsonProperty public double bandKm = 500;

  /** A node whose clock is off by more is not trusted for freshness. */
  @NotNull @JsonProperty public Duration maxClockSkew = Duration.seconds(30);

  /** Subtracted from sync starts, for the uncertainty of measured skew. */
  @NotNull @JsonProperty public Duration syncMargin = Duration.seconds(2);

  /** RFC 6249 alternates listed besides the chosen mirror. */
  @Min(0) @Max(20) @JsonProperty public int alternates = 4;

  /** Most mirrors a metalink lists; {@code ?mirrors=N} asks for fewer. */
  @Min(0) @Max(100) @JsonProperty public int metalinkMirrors = 10;

  /** Files not versioned in their name: served only by mirrors holding the same bytes. */
  @NotEmpty @JsonProperty public Set<String> mutableFiles = Set.of("meta.binaryproto");

  @NotNull @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS)
  @JsonProperty public Duration originRescanInterval = Duration.seconds(5);

  /** Changes arriving within this are folded into one snapshot rebuild. */
  @NotNull @JsonProperty public Duration rebuildDelay = Duration.milliseconds(200);
  /** Reports move routing only through freshness (minutes): a longer fold saves rebuilds. */
  @NotNull @JsonProperty public Duration reportRebuildDelay = Duration.seconds(1);

  @Valid @NotNull @JsonProperty public GeoIpFactory geoip = new GeoIpFactory();

  @Valid @NotNull @JsonProperty public ProberFactory prober = new ProberFactory();

  /** Fails start-up on a malformed proxy entry rather than at the first request. */
  List<Cidr> proxies() {
    return trustedProxies.stream().map(text -> Cidr.parse(text, PROXIES)).toList();
  }

  /** Whose request it is, by the one trusted-proxy rule: redirects and enrollment limits use it. */
  public ClientAddresses clientAddresses() {
    return new ClientAddresses(proxies());
  }

  RoutingPolicy policy() {
    return new RoutingPolicy(bandKm, java.time.Duration.ofMillis(maxClockSkew.toMilliseconds()),
        java.time.Duration.ofMillis(syncMargin.toMilliseconds()), alternates);
  }

  /**
   * The one scanner of the master tree (routing and the registry's answers to nodes read it),
   * started before anything that reads it.
   */
  public OriginIndex originIndex(Environment environment) {
    OriginIndex origin = new OriginIndex(Path.of(originRoot), mutableFiles,
        java.time.Duration.ofMillis(originRescanInterval.toMilliseconds()),
        environment.lifecycle().scheduledExecutorService("origin-index", true).build());
    environment.lifecycle().manage(origin);
    return origin;
  }

  /**
   * Wires routing into the application; returns the redirector, which answers
   * {@code /distri/...} (from the origin's files when no mirror fits) and passes on the rest.
   *
   * @param geo from {@link #geoip}, built first because enrollment locates hosts with it too
   * @param origin from {@link #originIndex}, built first because report answers read it too
   * @param tracker from {@link #prober}, built first because the public list shows it too
   * @param journal where the prober keeps the tracker's state after each round
   */
  public Handler.Wrapper build(Environment environment, Jdbi jdbi, Cluster cluster, Registry registry,
      GeoLocator geo, OriginIndex origin, ProbeTracker tracker, ProbeJournal journal,
      CloseableHttpAsyncClient http, Clock clock) {
    RoutingPolicy policy = policy();
    RegistryCandidates mirrors = new RegistryCandidates(registry.directory());
    RoutingTable table = new RoutingTable(mirrors, origin::current, tracker::states, policy,
        java.time.Duration.ofMillis(rebuildDelay.toMilliseconds()),
        java.time.Duration.ofMillis(reportRebuildDelay.toMilliseconds()));
    Prober probes = new Prober(() -> inService(mirrors.get()), origin::current, http, tracker,
        prober.settings(upstreamHost, policy.maxClockSkew()), table::changed, records -> {
          journal.save(records);
          cluster.publish(PROBES, "");
        }, clock);
    origin.addListener(table::changed);
    mirrors.follow(registry.events(), table::changed, table::reportsChanged);
    environment.lifecycle().manage(table);
    // one coordinator of those sharing the database probes; the others follow its journal
    Runnable followJournal = () -> {
      if (!cluster.leads()) {
        tracker.restore(journal.load());
        table.changed();
      }
    };
    cluster.subscribe(PROBES, ignored -> followJournal.run());
    cluster.onResync(followJournal);
    cluster.singleton(new Managed() {
      @Override
      public void start() {
        tracker.restore(journal.load());
        probes.start();
      }

      @Override
      public void stop() {
        probes.stop();
      }
    });

    PrecompressedFileHandler originFiles = new PrecompressedFileHandler(
        PrecompressedFileHandler.Root.fixed(Path.of(originRoot)), RoutingFactory::isRepositoryPath,
        ServeOptions.liveTree(16_384, java.time.Duration.ofSeconds(1)), ServeObserver.NONE);
    OriginDigests digests = new OriginDigests(Path.of(originRoot), origin::current, jdbi,
        environment.lifecycle().scheduledExecutorService("origin-digests", true).build());
    origin.addListener(digests::changed);
    environment.lifecycle().manage(digests);
    RedirectHandler redirector = new RedirectHandler(originFiles, table,
        clientAddresses(), geo, RoutingFactory::isRepositoryPath,
        environment.getObjectMapper(),
        new Metalinks(digests::of, metalinkMirrors, environment.getObjectMapper()), environment.metrics());
    return redirector;
  }

  private static List<ProbeTarget> inService(List<MirrorCandidate> mirrors) {
    return mirrors.stream().filter(MirrorCandidate::active)
        .map(mirror -> new ProbeTarget(mirror.id(), mirror.baseUrl())).toList();
  }

  /** The repository tree; everything else ({@code /api/*}, the status page) is Dropwizard's. */
  static boolean isRepositoryPath(String rawPath) {
    return rawPath.equals("/distri") || rawPath.startsWith("/distri/");
  }
}
