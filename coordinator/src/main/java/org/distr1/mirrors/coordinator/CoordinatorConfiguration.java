package org.distr1.mirrors.coordinator;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.Configuration;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.util.Duration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import org.distr1.mirrors.coordinator.allowlist.AllowlistFactory;
import org.distr1.mirrors.coordinator.cluster.ClusterFactory;
import org.distr1.mirrors.coordinator.db.Databases;
import org.distr1.mirrors.coordinator.geo.GeoIpFactory;
import org.distr1.mirrors.coordinator.http.HttpClientFactory;
import org.distr1.mirrors.coordinator.notify.NotifyFactory;
import org.distr1.mirrors.coordinator.origin.OriginFactory;
import org.distr1.mirrors.coordinator.origin.RegionalFactory;
import org.distr1.mirrors.coordinator.probe.ProberFactory;
import org.distr1.mirrors.coordinator.propagation.PropagationFactory;
import org.distr1.mirrors.coordinator.registry.RegistryFactory;
import org.distr1.mirrors.coordinator.routing.web.RoutingFactory;
import org.distr1.mirrors.coordinator.stats.StatsFactory;

/** Everything the coordinator is told at start-up; each subsystem brings its own factory. */
public class CoordinatorConfiguration extends Configuration {

  @Valid @NotNull private DataSourceFactory database = Databases.defaultH2File();

  @Valid @NotNull private HttpClientFactory httpClient = new HttpClientFactory();

  @Valid @NotNull private RegistryFactory registry = new RegistryFactory();

  @Valid @NotNull private AllowlistFactory allowlist = new AllowlistFactory();

  // the inputs, each in its own section; the registry and routing read them
  @Valid @NotNull @JsonProperty private OriginFactory origin = new OriginFactory();
  @Valid @NotNull @JsonProperty private GeoIpFactory geoip = new GeoIpFactory();
  @Valid @NotNull @JsonProperty private ProberFactory prober = new ProberFactory();

  /**
   * How far a node's clock may be off: beyond it, its reports' sync times are not trusted
   * (registry, routing) and a freshness file this far in the future fails its probe.
   */
  @NotNull @JsonProperty private Duration maxClockSkew = Duration.seconds(30);

  @Valid @NotNull @JsonProperty private RoutingFactory routing = new RoutingFactory();

  @Valid @NotNull @JsonProperty private ClusterFactory cluster = new ClusterFactory();

  @Valid @NotNull @JsonProperty private StatsFactory stats = new StatsFactory();

  @Valid @NotNull @JsonProperty private PropagationFactory propagation = new PropagationFactory();

  @Valid @NotNull @JsonProperty private NotifyFactory notifications = new NotifyFactory();

  /** Present on a regional coordinator (no origin tree, a PostgreSQL streaming replica). */
  @Valid @JsonProperty private RegionalFactory regional;

  public RegionalFactory getRegional() {
    return regional;
  }

  public NotifyFactory getNotifications() {
    return notifications;
  }

  public PropagationFactory getPropagation() {
    return propagation;
  }

  public StatsFactory getStats() {
    return stats;
  }

  public ClusterFactory getCluster() {
    return cluster;
  }

  public OriginFactory getOrigin() {
    return origin;
  }

  public GeoIpFactory getGeoip() {
    return geoip;
  }

  public ProberFactory getProber() {
    return prober;
  }

  public java.time.Duration maxClockSkew() {
    return java.time.Duration.ofMillis(maxClockSkew.toMilliseconds());
  }

  public RoutingFactory getRouting() {
    return routing;
  }

  @JsonProperty("database")
  public DataSourceFactory getDataSourceFactory() {
    return database;
  }

  @JsonProperty("database")
  public void setDataSourceFactory(DataSourceFactory database) {
    this.database = database;
  }

  @JsonProperty
  public HttpClientFactory getHttpClient() {
    return httpClient;
  }

  @JsonProperty
  public void setHttpClient(HttpClientFactory httpClient) {
    this.httpClient = httpClient;
  }

  @JsonProperty
  public RegistryFactory getRegistry() {
    return registry;
  }

  @JsonProperty
  public void setRegistry(RegistryFactory registry) {
    this.registry = registry;
  }

  @JsonProperty
  public AllowlistFactory getAllowlist() {
    return allowlist;
  }

  @JsonProperty
  public void setAllowlist(AllowlistFactory allowlist) {
    this.allowlist = allowlist;
  }

  @JsonIgnore
  @AssertTrue(
      message =
          "database.url: an H2 file database must set WRITE_DELAY=0, otherwise acknowledged"
              + " writes can be lost when the process is killed")
  public boolean isDatabaseDurable() {
    return database == null || Databases.isDurable(database.getUrl());
  }

  @JsonIgnore
  @AssertTrue(
      message =
          "regional: a regional coordinator runs on a PostgreSQL streaming replica"
              + " (database.url jdbc:postgresql:...)")
  public boolean isRegionalOnPostgresql() {
    return regional == null
        || database == null
        || (database.getUrl() != null && database.getUrl().startsWith("jdbc:postgresql:"));
  }

  @JsonIgnore
  @AssertTrue(
      message =
          "regional: set stats.enabled: false; a regional coordinator's replica takes no writes,"
              + " so it cannot store download counts")
  public boolean isRegionalWithoutStats() {
    return regional == null || stats == null || !stats.enabled;
  }
}
