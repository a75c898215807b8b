package org.distr1.mirrors.coordinator.platform;

import io.dropwizard.core.setup.Environment;
import java.time.Clock;
import java.util.Objects;
import org.distr1.mirrors.coordinator.audit.AuditLog;
import org.distr1.mirrors.coordinator.cluster.Cluster;
import org.distr1.mirrors.shared.metrics.PrometheusEndpoint;
import org.jdbi.v3.core.Jdbi;

/**
 * What every subsystem of the coordinator is built on, built first by the application: the
 * Dropwizard environment (lifecycle, resources, metrics), the database, the other coordinators
 * sharing it, the audit log, the Prometheus endpoint and the clock. A factory's {@code build} takes
 * this and a record of its own inputs, so its signature names what flows into it.
 */
public record Platform(
    Environment environment,
    Jdbi jdbi,
    Cluster cluster,
    AuditLog audit,
    PrometheusEndpoint prometheus,
    Clock clock) {
  public Platform {
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(jdbi, "jdbi");
    Objects.requireNonNull(cluster, "cluster");
    Objects.requireNonNull(audit, "audit");
    Objects.requireNonNull(prometheus, "prometheus");
    Objects.requireNonNull(clock, "clock");
  }
}
