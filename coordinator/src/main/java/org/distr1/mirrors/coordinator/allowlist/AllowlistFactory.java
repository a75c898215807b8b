package org.distr1.mirrors.coordinator.allowlist;

import com.codahale.metrics.health.HealthCheck;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.auth.Authenticator;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.distr1.mirrors.coordinator.audit.AuditLog;
import org.distr1.mirrors.coordinator.auth.MaintainerPrincipal;
import org.distr1.mirrors.coordinator.cluster.Cluster;
import org.distr1.mirrors.coordinator.net.CidrPolicyFactory;
import org.distr1.mirrors.coordinator.registry.Registry;
import org.distr1.mirrors.shared.net.CidrPolicy;
import org.jdbi.v3.core.Jdbi;

/**
 * The upstream rsync allowlist: the fragment file and upkeep interval; which networks may be listed
 * comes from {@link CidrPolicyFactory}.
 */
public class AllowlistFactory extends CidrPolicyFactory {

  /**
   * The rsyncd.conf fragment this coordinator keeps current ({@code &merge}d by rsyncd on the same
   * machine); unset when rsync runs elsewhere and pulls the export with {@code allowlist-apply}.
   */
  private String fragmentFile;

  /** How often expired entries are removed and mirrors reconciled with the registry. */
  @NotNull
  @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS)
  private Duration maintenanceInterval = Duration.seconds(10);

  @JsonProperty
  public String getFragmentFile() {
    return fragmentFile;
  }

  @JsonProperty
  public void setFragmentFile(String fragmentFile) {
    this.fragmentFile = fragmentFile;
  }

  @JsonProperty
  public Duration getMaintenanceInterval() {
    return maintenanceInterval;
  }

  @JsonProperty
  public void setMaintenanceInterval(Duration maintenanceInterval) {
    this.maintenanceInterval = maintenanceInterval;
  }

  @JsonIgnore
  @AssertTrue(message = "fragmentFile: its directory must exist (rsyncd reads the file from there)")
  public boolean isFragmentDirectoryPresent() {
    return fragmentPath().map(p -> Files.isDirectory(p.toAbsolutePath().getParent())).orElse(true);
  }

  /** The fragment file; a blank setting (an unset environment variable) means none. */
  Optional<Path> fragmentPath() {
    return Optional.ofNullable(fragmentFile).filter(f -> !f.isBlank()).map(Path::of);
  }

  /**
   * Registers the admin and export resources, the lifecycle listener, upkeep and health check;
   * returns the allowlist and the authenticator for {@link AllowlistReaderPrincipal} (reader and
   * maintainer tokens).
   */
  public Built build(
      Environment environment,
      Jdbi jdbi,
      Cluster cluster,
      AuditLog audit,
      Registry registry,
      Authenticator<String, MaintainerPrincipal> maintainers,
      Clock clock) {
    CidrPolicy policy = cidrPolicy();
    AllowlistExporter exporter = new AllowlistExporter(environment.getObjectMapper());
    AllowlistWriter writer = new AllowlistWriter(jdbi, cluster, fragmentPath(), exporter, clock);
    cluster.subscribe(AllowlistWriter.TOPIC, ignored -> writer.publish());
    cluster.onResync(writer::publish);
    MirrorAdmission admission =
        new MirrorAdmission(writer, registry.directory(), audit, policy, clock);
    registry.events().addLifecycleListener(admission);
    Allowlist allowlist =
        new Allowlist(
            jdbi,
            writer,
            exporter,
            audit,
            new Allowlist.Rules(policy, admission::isApproved),
            clock);
    environment.jersey().register(new AllowlistResource(allowlist));
    environment.jersey().register(new AllowlistExportResource(allowlist));
    // built before the maintenance is managed, so the lifecycle shuts it down (waiting up to
    // 10 s for an interrupted round) right after the maintenance's stop
    ScheduledExecutorService upkeep =
        environment
            .lifecycle()
            .scheduledExecutorService("allowlist-maintenance", true)
            .shutdownTime(Duration.seconds(10))
            .build();
    // the upkeep (expiry, reconciling, the fragment file) is a once-per-network job
    cluster.singleton(
        new AllowlistMaintenance(
            writer,
            admission,
            audit,
            clock,
            java.time.Duration.ofMillis(maintenanceInterval.toMilliseconds()),
            upkeep));
    environment
        .healthChecks()
        .register(
            "allowlist-fragment",
            new HealthCheck() {
              @Override
              protected Result check() {
                return writer.publishFailure().map(Result::unhealthy).orElseGet(Result::healthy);
              }
            });
    return new Built(allowlist, new AllowlistTokens(jdbi, audit, clock).authenticator(maintainers));
  }

  /** What the rest of the coordinator uses of the allowlist. */
  public record Built(
      Allowlist allowlist, Authenticator<String, AllowlistReaderPrincipal> readers) {}
}
