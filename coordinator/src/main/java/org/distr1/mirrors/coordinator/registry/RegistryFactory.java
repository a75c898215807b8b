package org.distr1.mirrors.coordinator.registry;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.distr1.mirrors.coordinator.audit.AuditLog;
import org.distr1.mirrors.coordinator.cluster.Cluster;
import org.distr1.mirrors.coordinator.geo.HostLocator;
import org.distr1.mirrors.coordinator.net.CidrPolicyFactory;
import org.distr1.mirrors.coordinator.net.ClientAddresses;
import org.distr1.mirrors.coordinator.origin.Origin;
import org.distr1.mirrors.coordinator.origin.OriginIndex;
import org.distr1.mirrors.coordinator.origin.OriginUpstream;
import org.distr1.mirrors.coordinator.platform.Platform;
import org.distr1.mirrors.coordinator.probe.MirrorProbe;
import org.distr1.mirrors.coordinator.probe.ProbeTracker;
import org.jdbi.v3.core.Jdbi;

/**
 * Enrollment policy, verification and report handling of the mirror registry; which networks a
 * mirror may declare, and whether base URLs may be non-public, comes from {@link
 * CidrPolicyFactory}.
 */
public class RegistryFactory extends CidrPolicyFactory {

  /**
   * How long reports another coordinator stored gather before one read: well inside the 2 s in
   * which its changes must reach this coordinator's routing.
   */
  private static final java.time.Duration HEARD_REPORTS_WINDOW = java.time.Duration.ofMillis(200);

  /** The published requirement: a mirror commits to at least 1 Gbit/s. */
  @Min(0)
  private long minBandwidthMbps = 1000;

  /** Enrollments one client address may make at once ... */
  @Min(1)
  @Max(1_000_000)
  private int enrollmentBurst = 5;

  /** ... and then one per this interval. */
  @NotNull
  @MinDuration(value = 1, unit = TimeUnit.MILLISECONDS)
  private Duration enrollmentInterval = Duration.minutes(10);

  @Valid @NotNull private VerificationFactory verification = new VerificationFactory();

  @JsonProperty
  public long getMinBandwidthMbps() {
    return minBandwidthMbps;
  }

  @JsonProperty
  public void setMinBandwidthMbps(long minBandwidthMbps) {
    this.minBandwidthMbps = minBandwidthMbps;
  }

  @JsonProperty
  public int getEnrollmentBurst() {
    return enrollmentBurst;
  }

  @JsonProperty
  public void setEnrollmentBurst(int enrollmentBurst) {
    this.enrollmentBurst = enrollmentBurst;
  }

  @JsonProperty
  public Duration getEnrollmentInterval() {
    return enrollmentInterval;
  }

  @JsonProperty
  public void setEnrollmentInterval(Duration enrollmentInterval) {
    this.enrollmentInterval = enrollmentInterval;
  }

  @JsonProperty
  public VerificationFactory getVerification() {
    return verification;
  }

  @JsonProperty
  public void setVerification(VerificationFactory verification) {
    this.verification = verification;
  }

  /**
   * What the registry reads from the inputs built before it.
   *
   * @param hosts where enrolling mirrors' hosts are ({@code geoip:})
   * @param origin the master tree: verification compares with its files, reporting nodes are told
   *     what it holds now ({@code origin:})
   * @param probes what the prober last saw of each mirror, shown in the public list
   * @param probe the one look at a mirror, which verification takes too ({@code prober:})
   * @param clients whose request it is, by the one trusted-proxy rule ({@code routing:})
   * @param maxClockSkew the one limit beyond which a node's reports are not trusted
   * @param syncMargin routing's: a node whose sync began within it of a change is told to sync
   */
  public record Inputs(
      HostLocator hosts,
      Origin origin,
      ProbeTracker probes,
      MirrorProbe probe,
      ClientAddresses clients,
      java.time.Duration maxClockSkew,
      java.time.Duration syncMargin) {
    public Inputs {
      Objects.requireNonNull(hosts, "hosts");
      Objects.requireNonNull(origin, "origin");
      Objects.requireNonNull(probes, "probes");
      Objects.requireNonNull(probe, "probe");
      Objects.requireNonNull(clients, "clients");
      Objects.requireNonNull(maxClockSkew, "maxClockSkew");
      Objects.requireNonNull(syncMargin, "syncMargin");
    }
  }

  /** Builds the registry: its resources, verification and report handling. */
  public Registry build(Platform platform, Inputs inputs) {
    Environment environment = platform.environment();
    Jdbi jdbi = platform.jdbi();
    Cluster cluster = platform.cluster();
    AuditLog audit = platform.audit();
    Clock clock = platform.clock();
    Origin origin = inputs.origin();
    RegistryEvents events = new RegistryEvents(cluster);
    MirrorStore store = new MirrorStore(environment.getObjectMapper());
    // a regional coordinator has no tree, and never verifies: it never holds the jobs
    MirrorChecks checks =
        new MirrorChecks(
            inputs.probe(),
            verification,
            origin instanceof OriginIndex tree ? tree.root() : null,
            clock);
    Verifier verifier =
        new Verifier(
            jdbi,
            store,
            checks,
            events,
            verification,
            cluster::leads,
            environment.lifecycle().scheduledExecutorService("verification-schedule", true).build(),
            environment
                .lifecycle()
                .executorService("verification-%d")
                .minThreads(verification.getConcurrency())
                .maxThreads(verification.getConcurrency())
                .build());
    LongConsumer verifySoon = verification.isEnabled() ? verifier::verifySoon : id -> {};
    if (verification.isEnabled()) {
      environment.lifecycle().manage(verifier);
    }
    EnrollmentRules rules = enrollmentRules();
    MirrorTokens tokens = new MirrorTokens(jdbi);
    environment.lifecycle().manage(tokens);
    events.addChangeListener(tokens);
    MirrorChanges changes = new MirrorChanges(jdbi, store, audit, events, tokens);
    ReportWriter writer =
        new ReportWriter(
            jdbi,
            events,
            100_000,
            1_000,
            environment.lifecycle().executorService("report-writer").maxThreads(1).build());
    environment.lifecycle().manage(writer);
    Reports reports =
        new Reports(
            writer,
            store,
            new OriginUpstream(origin::current),
            inputs.maxClockSkew(),
            inputs.syncMargin(),
            clock);

    MirrorDirectory directory = new MirrorDirectory(jdbi, store);
    ClusterFollower.follow(
        cluster,
        events,
        tokens,
        new HeardReports(
            directory,
            events,
            HEARD_REPORTS_WINDOW,
            environment.lifecycle().scheduledExecutorService("heard-reports").build()));
    PublicListing listing = new PublicListing(jdbi, store, inputs.probes(), clock);
    environment
        .jersey()
        .register(
            new EnrollmentResource(
                new Enrollment(
                    jdbi,
                    store,
                    rules,
                    rateLimiter(),
                    inputs.hosts(),
                    audit,
                    events,
                    clock,
                    verifySoon),
                listing,
                inputs.clients()));
    environment
        .jersey()
        .register(
            new OperatorResource(
                jdbi, store, new OperatorActions(changes, rules, clock, verifySoon)));
    ReportHandler reportHandler =
        new ReportHandler(
            reports,
            tokens.authenticator(),
            environment.getObjectMapper(),
            environment.metrics().meter("registry.reports.stored"),
            platform
                .prometheus()
                .latency(
                    "distri_report_duration_seconds",
                    "Time from a node report's arrival to its answer, stored (group commit included)",
                    0.001,
                    0.0025,
                    0.005,
                    0.01,
                    0.025,
                    0.05,
                    0.1,
                    0.25,
                    0.5,
                    1,
                    2.5,
                    5,
                    10));
    return new Registry(
        events,
        directory,
        tokens.authenticator(),
        new MirrorAdministration(jdbi, store, changes, clock, verifySoon),
        listing,
        reportHandler);
  }

  EnrollmentRules enrollmentRules() {
    return new EnrollmentRules(minBandwidthMbps, cidrPolicy(), isAllowNonPublicAddresses());
  }

  EnrollmentRateLimiter rateLimiter() {
    return new EnrollmentRateLimiter(
        enrollmentBurst,
        java.time.Duration.ofMillis(enrollmentInterval.toMilliseconds()),
        100_000,
        System::nanoTime);
  }
}
