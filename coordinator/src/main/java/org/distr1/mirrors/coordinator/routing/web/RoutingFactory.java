package org.distr1.mirrors.coordinator.routing.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.Managed;
import io.dropwizard.util.Duration;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.distr1.mirrors.coordinator.cluster.Cluster;
import org.distr1.mirrors.coordinator.geo.GeoLocator;
import org.distr1.mirrors.coordinator.net.ClientAddresses;
import org.distr1.mirrors.coordinator.origin.FileDigests;
import org.distr1.mirrors.coordinator.origin.Origin;
import org.distr1.mirrors.coordinator.origin.OriginDigests;
import org.distr1.mirrors.coordinator.origin.OriginFile;
import org.distr1.mirrors.coordinator.origin.OriginIndex;
import org.distr1.mirrors.coordinator.origin.ReplicatedOrigin;
import org.distr1.mirrors.coordinator.platform.Platform;
import org.distr1.mirrors.coordinator.probe.MirrorProbe;
import org.distr1.mirrors.coordinator.probe.ProbeJournal;
import org.distr1.mirrors.coordinator.probe.ProbeSettings;
import org.distr1.mirrors.coordinator.probe.ProbeTarget;
import org.distr1.mirrors.coordinator.probe.ProbeTracker;
import org.distr1.mirrors.coordinator.probe.Prober;
import org.distr1.mirrors.coordinator.registry.Registry;
import org.distr1.mirrors.coordinator.routing.MirrorCandidate;
import org.distr1.mirrors.coordinator.routing.RegistryCandidates;
import org.distr1.mirrors.coordinator.routing.RoutingMetrics;
import org.distr1.mirrors.coordinator.routing.RoutingPolicy;
import org.distr1.mirrors.coordinator.routing.RoutingTable;
import org.distr1.mirrors.coordinator.stats.DownloadCounter;
import org.distr1.mirrors.shared.net.Cidr;
import org.distr1.mirrors.shared.net.CidrPolicy;
import org.distr1.mirrors.shared.repo.RepositoryPath;
import org.distr1.mirrors.shared.serve.PrecompressedFileHandler;
import org.distr1.mirrors.shared.serve.ServeObserver;
import org.distr1.mirrors.shared.serve.ServeOptions;
import org.eclipse.jetty.server.Handler;

/**
 * {@code routing:} the routing snapshot and the redirector that reads it, the prober that keeps the
 * snapshot's health current, and the origin's own file server for what no mirror may serve. The
 * inputs (origin, GeoIP, probe state) are built before, from their own sections.
 */
public class RoutingFactory {
  /** Cluster topic: a probe round's results were stored. */
  static final String PROBES = "probes";

  /** Trusted proxies may be whole private networks (a load balancer pool). */
  private static final CidrPolicy PROXIES = new CidrPolicy(8, 16, true, true, true);

  /** Peers whose {@code X-Forwarded-For} is believed (CIDRs or addresses). */
  @NotNull @JsonProperty public List<String> trustedProxies = List.of();

  /** Mirrors at most this much farther than the nearest share its load. */
  @DecimalMin("0")
  @JsonProperty
  public double bandKm = 500;

  /** Subtracted from sync starts, for the uncertainty of measured skew. */
  @NotNull @JsonProperty public Duration syncMargin = Duration.seconds(2);

  /** A mirror whose last sync started longer ago serves nothing (the mirror requirements' 24 h). */
  @NotNull @JsonProperty public Duration maxSyncAge = Duration.hours(24);

  /** RFC 6249 alternates listed besides the chosen mirror. */
  @Min(0)
  @Max(20)
  @JsonProperty
  public int alternates = 4;

  /** Most mirrors a metalink lists; {@code ?mirrors=N} asks for fewer. */
  @Min(0)
  @Max(100)
  @JsonProperty
  public int metalinkMirrors = 10;

  /** Changes arriving within this are folded into one snapshot rebuild. */
  @NotNull @JsonProperty public Duration rebuildDelay = Duration.milliseconds(200);

  /** Reports move routing only through freshness (minutes): a longer fold saves rebuilds. */
  @NotNull @JsonProperty public Duration reportRebuildDelay = Duration.seconds(1);

  /** Fails start-up on a malformed proxy entry rather than at the first request. */
  List<Cidr> proxies() {
    return trustedProxies.stream().map(text -> Cidr.parse(text, PROXIES)).toList();
  }

  /** Whose request it is, by the one trusted-proxy rule: redirects and enrollment limits use it. */
  public ClientAddresses clientAddresses() {
    return new ClientAddresses(proxies());
  }

  /**
   * @param maxClockSkew the one limit (top-level {@code maxClockSkew})
   */
  /** The mirror requirements' sync age, which notifications apply too. */
  public java.time.Duration maxSyncAge() {
    return java.time.Duration.ofMillis(maxSyncAge.toMilliseconds());
  }

  RoutingPolicy policy(java.time.Duration maxClockSkew) {
    return new RoutingPolicy(
        bandKm,
        maxClockSkew,
        java.time.Duration.ofMillis(syncMargin.toMilliseconds()),
        alternates,
        java.time.Duration.ofMillis(maxSyncAge.toMilliseconds()));
  }

  /**
   * What routing reads from the inputs built before it (the registry aside).
   *
   * @param geo from {@code geoip:}, built first because enrollment locates hosts with it too
   * @param origin from {@code origin:}, built first because report answers read it too
   * @param tracker from {@code prober:}, built first because the public list shows it too
   * @param journal where the prober keeps the tracker's state after each round
   * @param probing how mirrors are probed, with the one clock-skew limit routing applies too
   * @param probe the one look at a mirror, which verification takes too
   */
  public record Inputs(
      GeoLocator geo,
      Origin origin,
      ProbeTracker tracker,
      ProbeJournal journal,
      ProbeSettings probing,
      MirrorProbe probe) {
    public Inputs {
      Objects.requireNonNull(geo, "geo");
      Objects.requireNonNull(origin, "origin");
      Objects.requireNonNull(tracker, "tracker");
      Objects.requireNonNull(journal, "journal");
      Objects.requireNonNull(probing, "probing");
      Objects.requireNonNull(probe, "probe");
    }
  }

  /**
   * Wires routing into the application; returns the redirector, which answers {@code /distri/...}
   * (from the origin's files when no mirror fits) and passes on the rest.
   *
   * @param downloads what the redirector counts each answer into ({@code stats:})
   */
  public Handler.Wrapper build(
      Platform platform, Registry registry, Inputs inputs, DownloadCounter downloads) {
    Environment environment = platform.environment();
    Cluster cluster = platform.cluster();
    Origin origin = inputs.origin();
    ProbeTracker tracker = inputs.tracker();
    ProbeJournal journal = inputs.journal();
    ProbeSettings probing = inputs.probing();
    RoutingPolicy policy = policy(probing.maxClockSkew());
    RegistryCandidates mirrors = new RegistryCandidates(registry.directory());
    RoutingTable table =
        new RoutingTable(
            mirrors,
            origin::current,
            tracker::states,
            policy,
            java.time.Duration.ofMillis(rebuildDelay.toMilliseconds()),
            java.time.Duration.ofMillis(reportRebuildDelay.toMilliseconds()),
            environment.lifecycle().scheduledExecutorService("routing-rebuild", true).build());
    Prober probes =
        new Prober(
            () -> inService(mirrors.get(), policy),
            origin::current,
            inputs.probe(),
            tracker,
            probing,
            table::changed,
            records -> {
              journal.save(records);
              cluster.publish(PROBES, "");
            },
            platform.clock(),
            environment.lifecycle().scheduledExecutorService("mirror-prober", true).build());
    origin.addListener(table::changed);
    mirrors.follow(registry.events(), table::changed, table::reportsChanged);
    // the first snapshot is built beside the rest of start-up; AwaitFirstSnapshot holds the
    // connectors until it is there
    environment
        .lifecycle()
        .manage(
            new Managed() {
              @Override
              public void start() {
                table.startBuilding();
              }

              @Override
              public void stop() {
                table.stop();
              }
            });
    // one coordinator of those sharing the database probes; the others follow its journal
    Runnable followJournal =
        () -> {
          if (!cluster.leads()) {
            tracker.restore(journal.load());
            table.changed();
          }
        };
    cluster.subscribe(PROBES, ignored -> followJournal.run());
    cluster.onResync(followJournal);
    cluster.singleton(
        new Managed() {
          @Override
          public void start() {
            tracker.restore(journal.load());
            // the snapshot built at start knew no probe state: routable now, not after the next
            // change (a probe round that confirms the restored state changes nothing)
            table.changed();
            probes.start();
          }

          @Override
          public void stop() {
            probes.stop();
          }
        });
    platform
        .prometheus()
        .register(new RoutingMetrics(table::current, tracker::records, platform.clock()));

    OriginAnswers answers = originAnswers(platform, origin);
    RedirectHandler redirector =
        new RedirectHandler(
            answers.handler(),
            table,
            origin::unchanged,
            clientAddresses(),
            inputs.geo(),
            RoutingFactory::isRepositoryPath,
            environment.getObjectMapper(),
            new Metalinks(answers.digests(), metalinkMirrors, environment.getObjectMapper()),
            RedirectMetrics.of(environment.metrics(), platform.prometheus()),
            downloads);
    if (origin instanceof ReplicatedOrigin replica) {
      return new AwaitFirstSnapshot(
          OriginRedirect.whileStale(redirector, replica::fresh, (OriginRedirect) answers.handler()),
          table);
    }
    return new AwaitFirstSnapshot(redirector, table);
  }

  /** Who answers what no mirror may serve, and the origin's hashes for metalinks. */
  private record OriginAnswers(
      Handler.Wrapper handler, Function<OriginFile, FileDigests> digests) {}

  private static OriginAnswers originAnswers(Platform platform, Origin origin) {
    if (!(origin instanceof OriginIndex tree)) {
      // a regional coordinator holds no files: it sends what no mirror may serve to the primary,
      // and its metalinks name mirrors without the origin's hashes (only the primary reads them)
      return new OriginAnswers(
          new OriginRedirect(
              ((ReplicatedOrigin) origin).primary(), RoutingFactory::isRepositoryPath),
          file -> null);
    }
    PrecompressedFileHandler files =
        new PrecompressedFileHandler(
            PrecompressedFileHandler.Root.fixed(tree.root()),
            RepositoryPath.MODULE_DIRECTORY,
            RoutingFactory::isRepositoryPath,
            // every publication moves master under this tree: each request resolves its path
            // anew, or the origin answers with the version it has just replaced (world.sh saw
            // such answers while a resolution was trusted for a second)
            ServeOptions.liveTree(16_384, java.time.Duration.ZERO),
            ServeObserver.NONE);
    Environment environment = platform.environment();
    OriginDigests digests =
        new OriginDigests(
            tree.root(),
            tree::current,
            platform.jdbi(),
            environment.lifecycle().scheduledExecutorService("origin-digests", true).build());
    tree.addListener(digests::changed);
    environment.lifecycle().manage(digests);
    return new OriginAnswers(files, digests::of);
  }

  private static List<ProbeTarget> inService(List<MirrorCandidate> mirrors, RoutingPolicy policy) {
    return mirrors.stream()
        .filter(MirrorCandidate::active)
        .map(mirror -> mirror.probeTarget(policy))
        .toList();
  }

  /** The repository tree; everything else ({@code /api/*}, the status page) is Dropwizard's. */
  static boolean isRepositoryPath(String rawPath) {
    return rawPath.equals("/distri") || rawPath.startsWith("/distri/");
  }
}
