package org.distr1.mirrors.node;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.Configuration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.distr1.mirrors.node.report.ReportingFactory;
import org.distr1.mirrors.node.serve.ServeFactory;
import org.distr1.mirrors.node.sync.SyncFactory;

/** Everything a mirror node is told at start-up; each subsystem brings its own factory. */
public class NodeConfiguration extends Configuration {

  @Valid @NotNull @JsonProperty private SyncFactory sync;

  @Valid @NotNull @JsonProperty private ServeFactory serve = new ServeFactory();

  /** Absent: the node reports to no coordinator. */
  @Valid @JsonProperty private ReportingFactory reporting;

  public SyncFactory getSync() {
    return sync;
  }

  public ServeFactory getServe() {
    return serve;
  }

  public ReportingFactory getReporting() {
    return reporting;
  }
}
