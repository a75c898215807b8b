package org.distr1.mirrors.coordinator;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.cli.CheckCommand;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.jdbi3.JdbiFactory;
import io.dropwizard.migrations.MigrationsBundle;
import java.time.Clock;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.distr1.mirrors.coordinator.admin.AdminResource;
import org.distr1.mirrors.coordinator.admin.MaintainerTokenCommand;
import org.distr1.mirrors.coordinator.admin.MaintainerTokensResource;
import org.distr1.mirrors.coordinator.admin.Maintainers;
import org.distr1.mirrors.coordinator.allowlist.AllowlistApplyCommand;
import org.distr1.mirrors.coordinator.allowlist.AllowlistFactory;
import org.distr1.mirrors.coordinator.allowlist.AllowlistReaderPrincipal;
import org.distr1.mirrors.coordinator.allowlist.AllowlistTokenCommand;
import org.distr1.mirrors.coordinator.audit.AuditLog;
import org.distr1.mirrors.coordinator.auth.ApiAuthentication;
import org.distr1.mirrors.coordinator.auth.MaintainerPrincipal;
import org.distr1.mirrors.coordinator.auth.MirrorPrincipal;
import org.distr1.mirrors.coordinator.auth.SecretFreeRequestLog;
import org.distr1.mirrors.coordinator.cluster.Cluster;
import org.distr1.mirrors.coordinator.cluster.WritesToPrimary;
import org.distr1.mirrors.coordinator.db.Migrations;
import org.distr1.mirrors.coordinator.db.WritableDatabase;
import org.distr1.mirrors.coordinator.geo.GeoIpBuildCommand;
import org.distr1.mirrors.coordinator.geo.GeoLocator;
import org.distr1.mirrors.coordinator.origin.Origin;
import org.distr1.mirrors.coordinator.origin.RegionalFactory;
import org.distr1.mirrors.coordinator.platform.Platform;
import org.distr1.mirrors.coordinator.probe.MirrorProbe;
import org.distr1.mirrors.coordinator.probe.ProbeJournal;
import org.distr1.mirrors.coordinator.probe.ProbeSettings;
import org.distr1.mirrors.coordinator.probe.ProbeTracker;
import org.distr1.mirrors.coordinator.registry.Registry;
import org.distr1.mirrors.coordinator.registry.RegistryFactory;
import org.distr1.mirrors.coordinator.routing.web.RoutingFactory;
import org.distr1.mirrors.coordinator.stats.DownloadCounter;
import org.distr1.mirrors.coordinator.status.StatusPage;
import org.distr1.mirrors.shared.cli.ServerCommandWithoutTraces;
import org.distr1.mirrors.shared.cli.StartOnceCommand;
import org.distr1.mirrors.shared.metrics.PrometheusEndpoint;
import org.distr1.mirrors.shared.serve.ApplicationConnectorMount;
import org.distr1.mirrors.shared.web.ApiErrors;
import org.distr1.mirrors.shared.web.StrictJson;
import org.eclipse.jetty.server.Handler;
import org.jdbi.v3.core.Jdbi;

/** The coordinator at repo.distr1.org: registry, routing, allowlist, admin. */
public class CoordinatorApplication extends Application<CoordinatorConfiguration> {

  public static void main(String[] args) throws Exception {
    // `db` commands (the migrations bundle) send no usage report to liquibase.com either
    // (Migrations turns it off for the server's own update)
    if (System.getProperty("liquibase.analytics.enabled") == null) {
      System.setProperty("liquibase.analytics.enabled", "false");
    }
    new CoordinatorApplication().run(args);
  }

  @Override
  public String getName() {
    return "distri-coordinator";
  }

  @Override
  public void initialize(Bootstrap<CoordinatorConfiguration> bootstrap) {
    bootstrap.setConfigurationSourceProvider(
        new SubstitutingSourceProvider(
            bootstrap.getConfigurationSourceProvider(), configurationSubstitutor()));
    // times in every answer and stored document are RFC 3339 strings, not epoch decimals
    bootstrap.getObjectMapper().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    bootstrap.addBundle(
        new MigrationsBundle<>() {
          @Override
          public DataSourceFactory getDataSourceFactory(CoordinatorConfiguration configuration) {
            return configuration.getDataSourceFactory();
          }
        });
    bootstrap.addCommand(
        new MaintainerTokenCommand<>(this, CoordinatorConfiguration::getDataSourceFactory));
    bootstrap.addCommand(
        new AllowlistTokenCommand<>(this, CoordinatorConfiguration::getDataSourceFactory));
    bootstrap.addCommand(new AllowlistApplyCommand());
    bootstrap.addCommand(new GeoIpBuildCommand());
  }

  /**
   * {@code ${VAR:-default}} from the environment, also inside a default: the example's database URL
   * names {@code ${COORDINATOR_DATA:-./data}} inside {@code ${DATABASE_URL:-...}}.
   */
  public static EnvironmentVariableSubstitutor configurationSubstitutor() {
    return new EnvironmentVariableSubstitutor(false, true);
  }

  /**
   * {@code server}, {@code start-once} (the class-data archive's training run) and {@code check}; a
   * missing or invalid configuration file is one line, no trace.
   */
  @Override
  protected void addDefaultCommands(Bootstrap<CoordinatorConfiguration> bootstrap) {
    bootstrap.addCommand(new ServerCommandWithoutTraces<>(this));
    bootstrap.addCommand(new StartOnceCommand<>(this));
    bootstrap.addCommand(new CheckCommand<>(this));
  }

  @Override
  public void run(CoordinatorConfiguration configuration, Environment environment)
      throws Exception {
    environment.jersey().setUrlPattern("/api/*");
    ApiErrors.register(configuration.getServerFactory(), environment.jersey());
    SecretFreeRequestLog.install(configuration.getServerFactory());
    StrictJson.apply(environment.getObjectMapper());
    PrometheusEndpoint prometheus = PrometheusEndpoint.install(environment);
    RegionalFactory regional = configuration.getRegional();
    if (regional == null) { // a regional coordinator's replica has the primary's schema
      Migrations.apply(configuration.getDataSourceFactory(), environment.metrics());
    }
    Jdbi jdbi =
        new JdbiFactory().build(environment, configuration.getDataSourceFactory(), "database");
    Clock clock = Clock.systemUTC();
    Cluster cluster =
        configuration
            .getCluster()
            .build(
                environment.lifecycle(),
                jdbi,
                configuration.getDataSourceFactory(),
                regional != null);
    if (regional == null) { // a replica takes no writes: the primary's health tells about them
      environment.healthChecks().register(WritableDatabase.NAME, new WritableDatabase(jdbi, clock));
    }
    AuditLog audit = new AuditLog(jdbi, environment.getObjectMapper(), clock);
    Platform platform = new Platform(environment, jdbi, cluster, audit, prometheus, clock);
    CloseableHttpAsyncClient http =
        configuration
            .getHttpClient()
            .build(
                environment.lifecycle(), configuration.getRegistry().isAllowNonPublicAddresses());
    // inputs first: GeoIP, the origin tree, the look at a mirror and the prober's state; then the
    // registry, then routing
    GeoLocator geo = configuration.getGeoip().build(environment);
    Origin origin = configuration.getOrigin().build(environment, jdbi, cluster, regional, clock);
    MirrorProbe probe =
        configuration.getProber().probe(http, configuration.getOrigin().upstreamHost);
    ProbeJournal probeJournal = new ProbeJournal(jdbi);
    ProbeTracker probes = configuration.getProber().tracker(probeJournal);
    ProbeSettings probing = configuration.getProber().settings(configuration.maxClockSkew());
    Registry registry =
        configuration
            .getRegistry()
            .build(
                platform,
                new RegistryFactory.Inputs(
                    configuration.getGeoip().hostLocator(environment, geo),
                    origin,
                    probes,
                    probe,
                    configuration.getRouting().clientAddresses(),
                    configuration.maxClockSkew(),
                    configuration.getRouting().syncMargin.toJavaDuration()));
    Maintainers maintainers = new Maintainers(jdbi, audit, clock);
    AllowlistFactory.Built allowlist =
        configuration
            .getAllowlist()
            .build(environment, jdbi, cluster, audit, registry, maintainers.authenticator(), clock);
    DownloadCounter downloads = configuration.getStats().build(platform);
    configuration.getPropagation().build(platform, registry, origin);
    configuration
        .getNotifications()
        .build(platform, registry, probes, configuration.getRouting().maxSyncAge());
    Handler.Wrapper redirector =
        configuration
            .getRouting()
            .build(
                platform,
                registry,
                new RoutingFactory.Inputs(geo, origin, probes, probeJournal, probing, probe),
                downloads);
    // the two hot paths skip Dropwizard's servlet chain: node reports, then repository requests
    Handler.Wrapper front = registry.reportsInFrontOf(redirector);
    environment
        .lifecycle()
        .addEventListener(
            new ApplicationConnectorMount(
                regional == null ? front : new WritesToPrimary(front, regional.primaryUrl)));
    new ApiAuthentication()
        .bearer(MirrorPrincipal.class, MirrorPrincipal.REALM, registry.mirrorAuthenticator())
        .bearer(MaintainerPrincipal.class, "distri maintainer", maintainers.authenticator())
        .bearer(AllowlistReaderPrincipal.class, "distri allowlist", allowlist.readers())
        .register(environment.jersey());
    environment
        .jersey()
        .register(new AdminResource(registry.administration(), allowlist.allowlist(), audit));
    environment.jersey().register(new MaintainerTokensResource(maintainers));
    StatusPage.register(environment);
    // last: the once-per-network jobs it starts find the rest running
    environment.lifecycle().manage(cluster);
  }
}
