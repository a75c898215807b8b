package org.distr1.mirrors.node;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.cli.CheckCommand;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import org.distr1.mirrors.node.report.CoordinateArguments;
import org.distr1.mirrors.node.report.EnrollCommand;
import org.distr1.mirrors.node.sample.SampleRepoCommand;
import org.distr1.mirrors.node.serve.ServeMetrics;
import org.distr1.mirrors.node.sync.SyncCommand;
import org.distr1.mirrors.node.sync.SyncService;
import org.distr1.mirrors.shared.cli.ServerCommandWithoutTraces;
import org.distr1.mirrors.shared.metrics.PrometheusEndpoint;
import org.distr1.mirrors.shared.web.ApiErrors;

/** The mirror node: syncs the repository, publishes it atomically, serves it, reports health. */
public class NodeApplication extends Application<NodeConfiguration> {

  public static void main(String[] args) throws Exception {
    new NodeApplication().run(CoordinateArguments.joined(args));
  }

  @Override
  public String getName() {
    return "distri-node";
  }

  @Override
  public void initialize(Bootstrap<NodeConfiguration> bootstrap) {
    bootstrap.setConfigurationSourceProvider(
        new SubstitutingSourceProvider(
            bootstrap.getConfigurationSourceProvider(), new EnvironmentVariableSubstitutor(false)));
    // times in every answer and stored document are RFC 3339 strings, not epoch decimals
    bootstrap.getObjectMapper().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    bootstrap.addCommand(new SampleRepoCommand());
    bootstrap.addCommand(new SyncCommand<>(this, NodeConfiguration::getSync));
    bootstrap.addCommand(new EnrollCommand());
  }

  /**
   * {@code server} and {@code check}; a missing or invalid configuration file is one line, no
   * trace.
   */
  @Override
  protected void addDefaultCommands(Bootstrap<NodeConfiguration> bootstrap) {
    bootstrap.addCommand(new ServerCommandWithoutTraces<>(this));
    bootstrap.addCommand(new CheckCommand<>(this));
  }

  /** From this package's section of the jar's manifest (as {@code -v} prints it). */
  private String version() {
    String version = NodeApplication.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }

  @Override
  public void run(NodeConfiguration configuration, Environment environment) {
    // Jersey only answers /_mirror/*; every other path is the repository
    environment.jersey().setUrlPattern("/_mirror/*");
    ApiErrors.register(configuration.getServerFactory(), environment.jersey());
    PrometheusEndpoint.install(environment);
    SyncService sync = configuration.getSync().build(environment);
    ServeMetrics served =
        configuration.getServe().build(environment, configuration.getSync().mirrorRoot());
    if (configuration.getReporting() != null) {
      configuration
          .getReporting()
          .build(
              environment, sync, configuration.getSync().mirrorRoot(), served::totals, version());
    }
  }
}
